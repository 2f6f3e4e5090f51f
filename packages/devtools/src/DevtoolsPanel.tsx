/**
 * The inside of the panel: the toolbar (conversation, type filter, search, pause, clear), the
 * run summaries, the timeline and the wire. Everything recorded is shown as text (React
 * escapes it); nothing from the wire is ever rendered as HTML.
 */
import { memo, type ReactNode, useMemo, useState, useSyncExternalStore } from "react"
import type { DevtoolsLog, LogEntry } from "./devtools-log.js"
import { entryAgent, entryText, entryType } from "./entry-text.js"
import { FilterSelect } from "./FilterSelect.js"
import { RunSummaries } from "./RunSummaries.js"
import { summarizeRuns } from "./run-summary.js"

const ALL = ""

/**
 * The most lines each list renders: the newest. The log keeps 5,000 and the filters and search
 * see them all, but rendering them all on every frame while a reply streams made React and the
 * browser redo thousands of lines per frame.
 */
export const MAX_SHOWN_LINES = 300

export interface DevtoolsPanelProps {
  log: DevtoolsLog
  /** More toolbar buttons (the panel's Record button). */
  actions?: ReactNode
}

export function DevtoolsPanel({ log, actions }: DevtoolsPanelProps) {
  const entries = useSyncExternalStore(log.subscribe, log.getSnapshot, log.getSnapshot)
  const paused = log.paused
  const [agent, setAgent] = useState(ALL)
  const [type, setType] = useState(ALL)
  const [search, setSearch] = useState("")

  const agents = useMemo(() => distinct(entries.map(entryAgent)), [entries])
  const types = useMemo(() => distinct(entries.map(entryType)), [entries])
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase()
    return entries.filter(
      (entry) =>
        (agent === ALL || entryAgent(entry) === agent || entryAgent(entry) === undefined) &&
        (type === ALL || entryType(entry) === type) &&
        (needle === "" || entryText(entry).toLowerCase().includes(needle)),
    )
  }, [entries, agent, type, search])
  const runs = useMemo(
    () => summarizeRuns(entries).filter((run) => agent === ALL || run.agentId === agent),
    [entries, agent],
  )
  const timeline = shown.filter((entry) => entry.kind !== "wire")
  const wire = shown.filter((entry) => entry.kind === "wire")

  return (
    <>
      <div
        role="toolbar"
        aria-label="Devtools filters"
        style={{ display: "flex", gap: 8, padding: 4 }}
      >
        <FilterSelect label="Conversation" value={agent} options={agents} onChange={setAgent} />
        <FilterSelect label="Type" value={type} options={types} onChange={setType} />
        <label>
          Search{" "}
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <button type="button" aria-pressed={paused} onClick={() => log.setPaused(!paused)}>
          {paused ? "Resume" : "Pause"}
        </button>
        <button type="button" onClick={() => log.clear()}>
          Clear
        </button>
        {actions}
      </div>
      <RunSummaries runs={runs} />
      <div style={{ display: "flex", flex: 1, minHeight: 0 }}>
        <EntryList label="Timeline" entries={timeline} />
        <EntryList label="Wire" entries={wire} />
      </div>
    </>
  )
}
DevtoolsPanel.displayName = "DevtoolsPanel"

function EntryList({ label, entries }: { label: string; entries: readonly LogEntry[] }) {
  const hidden = Math.max(0, entries.length - MAX_SHOWN_LINES)
  return (
    // Focusable, so a keyboard can scroll it.
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
      tabIndex={0}
      // Contained: the lines added each frame are laid out without relaying out the page.
      style={{ flex: 1, overflow: "auto", borderTop: "1px solid #ccc", contain: "strict" }}
    >
      <h2 style={{ font: "inherit", fontWeight: 700, margin: 4 }}>
        {label} ({entries.length})
        {hidden > 0
          ? `, the last ${MAX_SHOWN_LINES} shown (filter or search for earlier ones)`
          : ""}
      </h2>
      <ol style={{ margin: 0, paddingLeft: 4, listStyle: "none" }}>
        {entries.slice(hidden).map((entry) => (
          <EntryLine key={entry.sequence} entry={entry} />
        ))}
      </ol>
    </section>
  )
}

/** One line; an entry never changes, so a line renders once. */
const EntryLine = memo(function EntryLine({ entry }: { entry: LogEntry }) {
  return (
    <li style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
      <time>{(entry.at / 1000).toFixed(3)}s</time> <strong>{entryType(entry)}</strong>{" "}
      {entryText(entry)}
    </li>
  )
})

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))].sort()
}
