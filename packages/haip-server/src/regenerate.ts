/**
 * Regenerating a transaction's last answer (ours, not in the spec; the server's HAI announces
 * `capabilities.regenerate_last`). A client MESSAGE whose payload is `{ regenerate: true }`
 * asks for it: the last answer leaves the transaction's history, and the tool answers the
 * transaction's last client message again in a new run (the `run_id` of the request, when it
 * names one), exactly as it answered it the first time.
 */
import { type ProtocolContext, sendError } from "./protocol-context.js"
import { startRun } from "./runs.js"
import type { Session } from "./session.js"
import type { ServerTransaction } from "./transaction.js"
import type { HAIPMessage } from "./types.js"

/** Whether a client MESSAGE asks to regenerate the last answer (read as an own property). */
export function isRegenerateRequest(frame: HAIPMessage): boolean {
  const payload: unknown = frame.payload
  return (
    typeof payload === "object" &&
    payload !== null &&
    Object.hasOwn(payload, "regenerate") &&
    (payload as { regenerate: unknown }).regenerate === true
  )
}

/**
 * Answers the last message again. Refused (an ERROR naming the request, the history untouched)
 * while a run of the transaction is running, before any message was answered, and at the
 * session's run limit.
 */
export function regenerateLast(
  context: ProtocolContext,
  session: Session,
  transaction: ServerTransaction,
  frame: HAIPMessage,
): void {
  const refuse = (code: "INVALID_REQUEST" | "RUN_LIMIT_EXCEEDED", message: string) =>
    sendError(session, code, message, { relatedId: frame.id, transaction: transaction.id })
  if (transaction.runs.size > 0) {
    refuse(
      "INVALID_REQUEST",
      "An answer is still running in this transaction; wait for it to finish or cancel it (RUN_CANCEL), then regenerate.",
    )
    return
  }
  const question = transaction.lastMessage
  if (question === undefined) {
    refuse(
      "INVALID_REQUEST",
      "This transaction has no answer to regenerate yet; send a MESSAGE first.",
    )
    return
  }
  if (session.runs.size >= context.maxConcurrentRuns) {
    refuse(
      "RUN_LIMIT_EXCEEDED",
      `${session.runs.size} runs are already active (the limit is ${context.maxConcurrentRuns}); wait for one to finish, then regenerate.`,
    )
    return
  }
  transaction.history.dropFrom(question)
  // The question again, as the request's frame: errors about it name the request, and the
  // new run takes the run_id the client chose.
  const again: HAIPMessage = { ...question, id: frame.id, seq: frame.seq, ts: frame.ts }
  if (frame.run_id === undefined) delete again.run_id
  else again.run_id = frame.run_id
  startRun(context, session, transaction, again)
}
