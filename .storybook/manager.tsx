/**
 * The aichatkit devtools panel of Storybook: the timeline and the wire of the story being
 * viewed, sent by devtools-preview.ts, in the devtools package's own lists (only the lines in
 * view are rendered, so a long session stays fast). Every line is shown as text.
 *
 * Storybook bundles the manager with esbuild, without the `@aichatkit/source` condition (a
 * package import would need a build first) and with the classic JSX transform against its own
 * React 18: the devtools' list modules are imported from their sources, and keep `React` in scope.
 */
import * as React from "react"
import { AddonPanel } from "storybook/internal/components"
import { STORY_CHANGED } from "storybook/internal/core-events"
import { addons, types, useChannel } from "storybook/manager-api"
import type { LogEntry } from "../packages/devtools/src/devtools-log.js"
import { EntryLists } from "../packages/devtools/src/EntryLists.js"
import { wiresSeen } from "../packages/devtools/src/entry-text.js"
import { useShownEntries } from "../packages/devtools/src/use-shown-entries.js"
import { DEVTOOLS_ENTRIES, DEVTOOLS_RESET } from "./devtools-preview-events.js"

const ADDON_ID = "aichatkit-devtools"
/**
 * As many as the panel's log keeps (`MAX_LOG_ENTRIES`; devtools-log.ts itself imports the
 * adapter package, which the manager's bundle cannot resolve from its sources).
 */
const MAX_ENTRIES = 5000

function DevtoolsAddonPanel() {
  const [entries, setEntries] = React.useState<readonly LogEntry[]>([])
  // What the preview calls the adapter (`adapterName`), and the wires it was seen on.
  const [adapter, setAdapter] = React.useState("")
  const [wires, setWires] = React.useState<readonly string[]>([])
  const [search, setSearch] = React.useState("")
  // Each story's lists start afresh (nothing selected, scrolled to the newest).
  const [generation, setGeneration] = React.useState(0)
  const restart = (name: string) => {
    setAdapter(name)
    setWires([])
    setEntries([])
    setGeneration((current) => current + 1)
  }
  useChannel({
    [DEVTOOLS_ENTRIES]: (fresh: LogEntry[]) => {
      setEntries((current) => [...current, ...fresh].slice(-MAX_ENTRIES))
      setWires((current) => wiresSeen(current, fresh))
    },
    [DEVTOOLS_RESET]: restart,
    [STORY_CHANGED]: () => restart(""),
  })
  const filters = React.useMemo(() => ({ agent: "", type: "", search }), [search])
  const { timeline, wire } = useShownEntries(entries, filters)
  return (
    <div
      style={{
        font: "12px/1.4 ui-monospace, monospace",
        height: "100%",
        display: "flex",
        flexDirection: "column",
      }}
    >
      <div style={{ padding: 4 }}>
        <label>
          Search{" "}
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>{" "}
        {adapter
          ? `${adapter}${wires.length > 0 ? ` (${wires.join(", ")} wire)` : ""}: ${entries.length} entries`
          : "No adapter in this story yet."}
      </div>
      <EntryLists key={generation} timeline={timeline} wire={wire} />
    </div>
  )
}

addons.register(ADDON_ID, () => {
  addons.add(`${ADDON_ID}/panel`, {
    type: types.PANEL,
    title: "aichatkit devtools",
    render: ({ active }) => (
      // The lists scroll themselves (and render only the lines in view): no outer scroll bar.
      <AddonPanel active={Boolean(active)} hasScrollbar={false}>
        <DevtoolsAddonPanel />
      </AddonPanel>
    ),
  })
})
