/**
 * What a taken-over session owes its client: the runs its dead home instance left unfinished end
 * with an error the client sees, and none of them runs again by itself.
 */
import { sendError } from "./protocol-context.js"
import type { SentFrame } from "./replay-window.js"
import type { Session } from "./session.js"
import type { HAIPMessage } from "./types.js"

/** Ends each run the stored frames started and did not finish: an ERROR, then RUN_FINISHED ERROR. */
export function endInterruptedRuns(session: Session, frames: SentFrame[]): void {
  for (const run of interruptedRuns(frames)) {
    const message = `The server instance running run ${run.runId} stopped before it finished; the run did not complete and will not run again. Send the message again to start a new run.`
    sendError(session, "TOOL_EXECUTION_ERROR", message, {
      transaction: run.transaction,
      detail: { reason: "instance_lost", run_id: run.runId },
    })
    session.enqueue({
      type: "RUN_FINISHED",
      channel: "SYSTEM",
      payload: { run_id: run.runId, status: "ERROR", summary: message },
      run_id: run.runId,
      transaction: run.transaction,
    })
  }
}

/** Runs whose RUN_STARTED is in the frames and whose RUN_FINISHED is not. */
function interruptedRuns(frames: SentFrame[]): Array<{ runId: string; transaction: string }> {
  const open = new Map<string, string>()
  for (const frame of frames) {
    if (frame.type !== "RUN_STARTED" && frame.type !== "RUN_FINISHED") continue
    const parsed = JSON.parse(frame.text) as HAIPMessage
    const runId = parsed.run_id ?? parsed.payload?.run_id
    if (typeof runId !== "string") continue
    if (frame.type === "RUN_STARTED") open.set(runId, parsed.transaction)
    else open.delete(runId)
  }
  return [...open].map(([runId, transaction]) => ({ runId, transaction }))
}
