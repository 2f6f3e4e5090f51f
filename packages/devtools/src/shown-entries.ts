/**
 * What the panel's lists show: the log's entries that pass the filters, split into the timeline
 * and the wire, and the conversations and types the filters offer. Made incrementally: a new
 * snapshot of the log that continues the last one (the same entries, trimmed at the front, plus
 * new ones) costs a pass over the new entries only, not over the 5,000 kept, on every frame.
 */
import type { LogEntry } from "./devtools-log.js"
import { entryAgent, entryText, entryType } from "./entry-text.js"

/** The panel's filters; an empty string lets everything through. */
export interface EntryFilters {
  agent: string
  type: string
  search: string
}

export interface ShownEntries {
  /** The log snapshot and filters these were made from. */
  source: readonly LogEntry[]
  filters: EntryFilters
  timeline: readonly LogEntry[]
  wire: readonly LogEntry[]
  /** Every conversation and type seen since the last full pass, sorted. */
  agents: readonly string[]
  types: readonly string[]
}

const emptyShown = (filters: EntryFilters): ShownEntries => ({
  source: [],
  filters,
  timeline: [],
  wire: [],
  agents: [],
  types: [],
})

/** The entries of `entries` that pass `filters`, reusing `previous` where it still holds. */
export function showEntries(
  entries: readonly LogEntry[],
  filters: EntryFilters,
  previous?: ShownEntries,
): ShownEntries {
  const sameFilters =
    previous !== undefined &&
    previous.filters.agent === filters.agent &&
    previous.filters.type === filters.type &&
    previous.filters.search === filters.search
  const base = sameFilters ? previous : emptyShown(filters)
  const from = continuesAt(base.source, entries)
  const start = from ?? 0
  const kept = from === undefined ? emptyShown(filters) : base
  const firstSequence = entries[0]?.sequence ?? Number.POSITIVE_INFINITY
  const timeline = dropBefore(kept.timeline, firstSequence)
  const wire = dropBefore(kept.wire, firstSequence)
  const agents = new Set(kept.agents)
  const types = new Set(kept.types)
  const matches = matcher(filters)
  for (let index = start; index < entries.length; index++) {
    const entry = entries[index] as LogEntry
    const agent = entryAgent(entry)
    if (agent !== undefined) agents.add(agent)
    types.add(entryType(entry))
    if (matches(entry)) (entry.kind === "wire" ? wire : timeline).push(entry)
  }
  return {
    source: entries,
    filters,
    timeline,
    wire,
    agents: agents.size === kept.agents.length ? kept.agents : [...agents].sort(),
    types: types.size === kept.types.length ? kept.types : [...types].sort(),
  }
}

function matcher({ agent, type, search }: EntryFilters): (entry: LogEntry) => boolean {
  const needle = search.trim().toLowerCase()
  return (entry) => {
    const entryAgentId = entryAgent(entry)
    return (
      (agent === "" || entryAgentId === agent || entryAgentId === undefined) &&
      (type === "" || entryType(entry) === type) &&
      (needle === "" || entryText(entry).toLowerCase().includes(needle))
    )
  }
}

/**
 * Where `next` goes on from `previous` (the index of its first new entry), or undefined when it
 * does not continue it (the log was cleared, or trimmed past everything `previous` held).
 */
export function continuesAt(
  previous: readonly LogEntry[],
  next: readonly LogEntry[],
): number | undefined {
  const last = previous.at(-1)
  if (last === undefined) return 0
  const index = indexOfSequence(next, last.sequence)
  return next[index] === last ? index + 1 : undefined
}

/** A copy of `entries` without those older than `sequence` (entries are in sequence order). */
function dropBefore(entries: readonly LogEntry[], sequence: number): LogEntry[] {
  return entries.slice(indexOfSequence(entries, sequence))
}

/**
 * The index of the first entry whose sequence is at least `sequence` (binary search; entries
 * are in sequence order). `entries.length` when there is none.
 */
export function indexOfSequence(
  entries: readonly Pick<LogEntry, "sequence">[],
  sequence: number,
): number {
  let low = 0
  let high = entries.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((entries[middle] as Pick<LogEntry, "sequence">).sequence < sequence) low = middle + 1
    else high = middle
  }
  return low
}
