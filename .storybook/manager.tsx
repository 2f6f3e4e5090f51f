/**
 * The aichatkit devtools panel of Storybook: the timeline and the wire of the story being
 * viewed, sent by devtools-preview.ts. Every line is shown as text.
 */
// Storybook compiles the manager's JSX with the classic transform: React must be in scope.
import * as React from "react"
import { AddonPanel } from "storybook/internal/components"
import { STORY_CHANGED } from "storybook/internal/core-events"
import { addons, types, useChannel } from "storybook/manager-api"
import { DEVTOOLS_LINES, DEVTOOLS_RESET, type DevtoolsLine } from "./devtools-preview-events.js"

const ADDON_ID = "aichatkit-devtools"
const MAX_LINES = 2000

function DevtoolsAddonPanel() {
  const [lines, setLines] = React.useState<DevtoolsLine[]>([])
  const [adapter, setAdapter] = React.useState("")
  const [filter, setFilter] = React.useState("")
  useChannel({
    [DEVTOOLS_LINES]: (fresh: DevtoolsLine[]) =>
      setLines((current) => [...current, ...fresh].slice(-MAX_LINES)),
    [DEVTOOLS_RESET]: (name: string) => {
      setAdapter(name)
      setLines([])
    },
    [STORY_CHANGED]: () => {
      setAdapter("")
      setLines([])
    },
  })
  const needle = filter.trim().toLowerCase()
  const shown = needle
    ? lines.filter((line) => `${line.type} ${line.text}`.toLowerCase().includes(needle))
    : lines
  return (
    <div style={{ font: "12px/1.4 ui-monospace, monospace", padding: 8 }}>
      <label>
        Filter{" "}
        <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </label>{" "}
      {adapter ? `${adapter}: ${shown.length} of ${lines.length}` : "No adapter in this story yet."}
      <ol style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {shown.map((line) => (
          <li key={line.sequence} style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
            {line.at} <strong>{line.type}</strong> {line.text}
          </li>
        ))}
      </ol>
    </div>
  )
}

addons.register(ADDON_ID, () => {
  addons.add(`${ADDON_ID}/panel`, {
    type: types.PANEL,
    title: "aichatkit devtools",
    render: ({ active }) => (
      <AddonPanel active={Boolean(active)}>
        <DevtoolsAddonPanel />
      </AddonPanel>
    ),
  })
})
