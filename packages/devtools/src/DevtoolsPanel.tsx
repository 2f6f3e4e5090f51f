/**
 * The inside of the panel: the toolbar (conversation, type filter, search, pause, clear), the
 * run summaries, the timeline and the wire. Everything recorded is shown as text (React
 * escapes it); nothing from the wire is ever rendered as HTML.
 */
import {
  type ReactNode,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react"
import type { DevtoolsLog, LogEntry } from "./devtools-log.js"
import { EntryLists } from "./EntryLists.js"
import { FilterSelect } from "./FilterSelect.js"
import { RunSummaries } from "./RunSummaries.js"
import { RunSummarizer, type RunSummary } from "./run-summary.js"
import { continuesAt, type EntryFilters } from "./shown-entries.js"
import { useShownEntries } from "./use-shown-entries.js"

const ALL = ""

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

  const filters = useMemo<EntryFilters>(() => ({ agent, type, search }), [agent, type, search])
  const { timeline, wire, agents, types } = useShownEntries(entries, filters)
  const runs = useRunSummaries(entries, agent)

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
      <EntryLists timeline={timeline} wire={wire} />
    </>
  )
}
DevtoolsPanel.displayName = "DevtoolsPanel"

/**
 * The runs of the entries kept (of one conversation, or all), summarized as entries come: a
 * snapshot that continues the last one adds its new entries only. The summarizer takes each
 * entry once, so a render done twice counts nothing twice.
 */
function useRunSummaries(entries: readonly LogEntry[], agent: string): RunSummary[] {
  const previous = useRef<{ source: readonly LogEntry[]; summarizer: RunSummarizer } | undefined>(
    undefined,
  )
  const current = useMemo(() => {
    const from = previous.current ? continuesAt(previous.current.source, entries) : undefined
    const summarizer =
      from === undefined || !previous.current ? new RunSummarizer() : previous.current.summarizer
    for (let index = from ?? 0; index < entries.length; index++) {
      summarizer.add(entries[index] as LogEntry)
    }
    return { source: entries, summarizer }
  }, [entries])
  useLayoutEffect(() => {
    previous.current = current
  }, [current])
  return useMemo(
    () =>
      current.summarizer
        .summaries(entries[0]?.sequence)
        .filter((run) => agent === ALL || run.agentId === agent),
    [current, entries, agent],
  )
}
