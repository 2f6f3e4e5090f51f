/**
 * The runs a client knows of: the ones it started, the ones the server announced, and the last
 * finished ones (so `getRun` still answers just after a run ends).
 */
import type { HAIPMessage, HAIPRun } from "./types.js"

const finishedRunsKept = 100

export class RunRegistry {
  readonly #runs = new Map<string, HAIPRun>()

  /** How many runs have started and not finished. */
  get activeCount(): number {
    let count = 0
    for (const run of this.#runs.values()) if (run.status === "ACTIVE") count++
    return count
  }

  /** A run started (by this side, or announced by the server). */
  started(runId: string, threadId?: string, metadata?: Record<string, unknown>): void {
    const run: HAIPRun = { runId, status: "ACTIVE", startTime: Date.now() }
    if (threadId !== undefined) run.threadId = threadId
    if (metadata !== undefined) run.metadata = metadata
    this.#runs.set(runId, run)
  }

  /** A run finished; only the last {@link finishedRunsKept} finished runs are kept. */
  ended(runId: string, status: HAIPRun["status"], summary?: string): void {
    const run = this.#runs.get(runId) ?? { runId, status, startTime: Date.now() }
    run.status = status
    run.endTime = Date.now()
    if (summary !== undefined) run.summary = summary
    this.#runs.set(runId, run)
    const finished = [...this.#runs.values()].filter((entry) => entry.status !== "ACTIVE")
    for (const old of finished.slice(0, Math.max(0, finished.length - finishedRunsKept)))
      this.#runs.delete(old.runId)
  }

  /** Copies of the runs that have started and not finished. */
  active(): HAIPRun[] {
    return [...this.#runs.values()]
      .filter((run) => run.status === "ACTIVE")
      .map((run) => ({ ...run }))
  }

  /** A copy of one run (active, or among the last finished ones). */
  get(runId: string): HAIPRun | undefined {
    const run = this.#runs.get(runId)
    return run ? { ...run } : undefined
  }

  /** Follows the server's RUN_STARTED and RUN_FINISHED frames. */
  observe(frame: HAIPMessage): void {
    if (frame.type === "RUN_STARTED" && frame.run_id && !this.#runs.has(frame.run_id)) {
      this.started(frame.run_id, frame.thread_id || undefined)
    } else if (frame.type === "RUN_FINISHED" && frame.run_id) {
      const payload = (
        typeof frame.payload === "object" && frame.payload !== null ? frame.payload : {}
      ) as Record<string, unknown>
      const status =
        payload.status === "CANCELLED" || payload.status === "ERROR" ? payload.status : "OK"
      this.ended(
        frame.run_id,
        status,
        typeof payload.summary === "string" ? payload.summary : undefined,
      )
    }
  }
}
