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
}

const fieldOf = (value: object, key: string): unknown =>
  Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined

export function summarizeRuns(entries: readonly LogEntry[]): RunSummary[] {
  const runs = new Map<string, OpenRun>()
  const current = new Map<string, OpenRun>()
  const closing = new Map<string, OpenRun>()
  for (const entry of entries) {
    if (entry.kind === "event") {
      const agentId = fieldOf(entry.event, "agentId")
      if (typeof agentId !== "string") continue
      const runId = fieldOf(entry.event, "runId")
      let run = current.get(agentId)
      if (typeof runId === "string" && run?.summary.runId !== runId) {
        run = runs.get(runId) ?? startRun(runId, agentId, entry)
        runs.set(runId, run)
        current.set(agentId, run)
      }
      if (!run) continue
      if (entry.event.type === "text-delta") {
        run.summary.tokens += 1
        run.firstTokenAt ??= entry.at
        run.lastTokenAt = entry.at
      }
      run.summary.reactCommits = entry.commits - run.startCommits
      if (entry.event.type === "run-finished") {
        run.summary.finished = true
        current.delete(agentId)
        // The flush that applies run-finished still belongs to the run.
        closing.set(agentId, run)
      }
    } else if (entry.kind === "wire" && entry.traffic.direction === "in") {
      const run =
        entry.traffic.agentId === undefined ? undefined : current.get(entry.traffic.agentId)
      if (run) run.summary.framesReceived += 1
    } else if (entry.kind === "flush") {
      for (const diff of entry.diff) {
        if (diff.agentId === undefined) continue
        const run = current.get(diff.agentId) ?? closing.get(diff.agentId)
        closing.delete(diff.agentId)
        if (!run) continue
        run.summary.storeFlushes += 1
        run.summary.reactCommits = entry.commits - run.startCommits
      }
    }
  }
  return [...runs.values()].map(finish)
}

function startRun(runId: string, agentId: string, entry: LogEntry): OpenRun {
  return {
    startedAt: entry.at,
    startCommits: entry.commits,
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
