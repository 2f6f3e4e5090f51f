/**
 * The summary of each run in a log: time to first token, tokens per second, frames received,
 * store flushes and the chat's React commits. Events are attributed generically: an event
 * with a `runId` names its run, and an agent's later events without one (text deltas) belong
 * to that agent's current run, so kinds added later are counted without a change here.
 */
import type { LogEntry } from "./devtools-log.js"

export interface RunSummary {
  runId: string
  agentId: string
  /** ms from the run's first event to its first text delta. */
  timeToFirstTokenMs: number | undefined
  /** Text deltas per second between the first and the last. */
  tokensPerSecond: number | undefined
  tokens: number
  /** Wire traffic received for the agent while the run was open. */
  framesReceived: number
  /** Store flushes that touched the agent's conversation while the run was open. */
  storeFlushes: number
  /** Commits of the chat (its `Profiler`) while the run was open. */
  reactCommits: number
  /** Whether a `run-finished` closed it. */
  finished: boolean
}

interface OpenRun {
  summary: RunSummary
  startedAt: number
  startCommits: number
  firstTokenAt?: number
  lastTokenAt?: number
  /** The sequence of the last entry that counted for it. */
  lastSequence: number
}

const fieldOf = (value: object, key: string): unknown =>
  Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined

/** The summary of each run in `entries`. */
export function summarizeRuns(entries: readonly LogEntry[]): RunSummary[] {
  const summarizer = new RunSummarizer()
  for (const entry of entries) summarizer.add(entry)
  return summarizer.summaries()
}

/**
 * Summarizes runs as entries come, so a panel that streams adds each frame's new entries
 * instead of walking the whole log again. Entries are taken once, in sequence order: one
 * already taken (a render done twice) is skipped.
 */
export class RunSummarizer {
  readonly #runs = new Map<string, OpenRun>()
  /** Each agent's open run. */
  readonly #current = new Map<string, OpenRun>()
  /** Each agent's run that just finished: the flush that applies its run-finished is its own. */
  readonly #closing = new Map<string, OpenRun>()
  #lastSequence = 0

  add(entry: LogEntry): void {
    if (entry.sequence <= this.#lastSequence) return
    this.#lastSequence = entry.sequence
    if (entry.kind === "event") this.#addEvent(entry)
    else if (entry.kind === "wire" && entry.traffic.direction === "in") {
      const run =
        entry.traffic.agentId === undefined ? undefined : this.#current.get(entry.traffic.agentId)
      if (run) count(run, entry, "framesReceived")
    } else if (entry.kind === "flush") {
      for (const diff of entry.diff) {
        if (diff.agentId === undefined) continue
        const run = this.#current.get(diff.agentId) ?? this.#closing.get(diff.agentId)
        this.#closing.delete(diff.agentId)
        if (!run) continue
        count(run, entry, "storeFlushes")
        run.summary.reactCommits = entry.commits - run.startCommits
      }
    }
  }

  /** The runs with an entry at `fromSequence` or later (all by default), oldest first. */
  summaries(fromSequence = 0): RunSummary[] {
    const summaries: RunSummary[] = []
    for (const run of this.#runs.values()) {
      if (run.lastSequence >= fromSequence) summaries.push(finish(run))
    }
    return summaries
  }

  #addEvent(entry: Extract<LogEntry, { kind: "event" }>): void {
    const agentId = fieldOf(entry.event, "agentId")
    if (typeof agentId !== "string") return
    const runId = fieldOf(entry.event, "runId")
    let run = this.#current.get(agentId)
    if (typeof runId === "string" && run?.summary.runId !== runId) {
      run = this.#runs.get(runId) ?? startRun(runId, agentId, entry)
      this.#runs.set(runId, run)
      this.#current.set(agentId, run)
    }
    if (!run) return
    run.lastSequence = entry.sequence
    if (entry.event.type === "text-delta") {
      run.summary.tokens += 1
      run.firstTokenAt ??= entry.at
      run.lastTokenAt = entry.at
    }
    run.summary.reactCommits = entry.commits - run.startCommits
    if (entry.event.type === "run-finished") {
      run.summary.finished = true
      this.#current.delete(agentId)
      this.#closing.set(agentId, run)
    }
  }
}

function count(run: OpenRun, entry: LogEntry, field: "framesReceived" | "storeFlushes"): void {
  run.summary[field] += 1
  run.lastSequence = entry.sequence
}

function startRun(runId: string, agentId: string, entry: LogEntry): OpenRun {
  return {
    startedAt: entry.at,
    startCommits: entry.commits,
    lastSequence: entry.sequence,
    summary: {
      runId,
      agentId,
      timeToFirstTokenMs: undefined,
      tokensPerSecond: undefined,
      tokens: 0,
      framesReceived: 0,
      storeFlushes: 0,
      reactCommits: 0,
      finished: false,
    },
  }
}

function finish(run: OpenRun): RunSummary {
  const { firstTokenAt, lastTokenAt, summary } = run
  if (firstTokenAt === undefined || lastTokenAt === undefined) return summary
  const seconds = (lastTokenAt - firstTokenAt) / 1000
  return {
    ...summary,
    timeToFirstTokenMs: firstTokenAt - run.startedAt,
    tokensPerSecond: seconds > 0 ? summary.tokens / seconds : undefined,
  }
}
