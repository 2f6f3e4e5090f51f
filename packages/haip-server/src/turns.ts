/**
 * Transactions and turns: TRANSACTION_START opens a transaction with a tool; each client
 * MESSAGE in it is a run that the tool's `handleMessage` answers. Frames without a transaction
 * (the spec's flow: RUN_STARTED, MESSAGE_*, AUDIO_CHUNK, TOOL_* with `run_id`) go to the
 * session's implicit transaction (`implicit-runs.ts`).
 */
import { randomUUID } from "node:crypto"
import { isAllowed } from "./auth.js"
import { declareRun, finishDeclaredRun, implicitTransaction } from "./implicit-runs.js"
import { type ProtocolContext, sendError } from "./protocol-context.js"
import { isRegenerateRequest, regenerateLast } from "./regenerate.js"
import { gatherMessage, passToTool, startRun } from "./runs.js"
import type { Session } from "./session.js"
import { ServerTransaction } from "./transaction.js"
import type { HAIPMessage } from "./types.js"

/** Transactions a session may hold open at once. */
const TRANSACTION_LIMIT = 100

export function startTransaction(
  context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
): void {
  if (session.transactions.size >= TRANSACTION_LIMIT) {
    sendError(
      session,
      "RUN_LIMIT_EXCEEDED",
      `${TRANSACTION_LIMIT} transactions are already open in this session; end one with TRANSACTION_END first.`,
      { relatedId: frame.id, transaction: frame.transaction },
    )
    return
  }
  const toolName: string = frame.payload.toolName
  const tool = context.tools.get(toolName)
  if (!tool) {
    const names = [...context.tools.keys()].join(", ") || "none"
    sendError(
      session,
      "TOOL_NOT_FOUND",
      `No tool named "${toolName}" is registered (tools: ${names}).`,
      { relatedId: frame.id, transaction: frame.transaction },
    )
    return
  }
  if (!isAllowed(session.user, "TRANSACTION_START", toolName)) {
    sendError(session, "AUTHENTICATION_FAILED", `This user may not use the tool "${toolName}".`, {
      relatedId: frame.id,
      transaction: frame.transaction,
    })
    return
  }
  const params =
    typeof frame.payload.params === "object" && frame.payload.params !== null
      ? frame.payload.params
      : {}
  const transaction = new ServerTransaction(randomUUID(), tool, toolName, params)
  session.transactions.set(transaction.id, transaction)
  session.enqueue({
    type: "TRANSACTION_START",
    channel: "SYSTEM",
    payload: { referenceId: frame.transaction, toolName },
    transaction: transaction.id,
  })
}

export function endTransaction(
  _context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
  transaction: ServerTransaction | undefined,
): void {
  if (!transaction) {
    notFound(session, frame, "")
    return
  }
  transaction.cancelRuns()
  session.transactions.delete(transaction.id)
  session.enqueue({
    type: "TRANSACTION_END",
    channel: "SYSTEM",
    payload: {},
    transaction: transaction.id,
  })
}

export function cancelRun(_context: ProtocolContext, session: Session, frame: HAIPMessage): void {
  // Cancelling a run that already finished is a harmless race: nothing to do.
  session.runs.get(frame.run_id ?? frame.payload.run_id)?.cancel()
}

export function cancelToolCall(
  _context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
): void {
  for (const run of session.runs.values()) {
    if (run.hasOpenCall(frame.payload.call_id)) run.cancelCall(frame.payload.call_id)
  }
}

/** A run-level frame: in the transaction it names, or (none named) the implicit one. */
export function handleRunFrame(
  context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
  transaction: ServerTransaction | undefined,
): void {
  if (transaction) {
    handleTransactionFrame(context, session, transaction, frame)
    return
  }
  if (frame.transaction !== "null") {
    const adopted = context.adoptTransaction?.(session, frame.transaction)
    if (adopted) handleTransactionFrame(context, session, adopted, frame)
    else notFound(session, frame, `transaction ${frame.transaction}, which is not open`)
    return
  }
  const implicit = implicitTransaction(context, session, frame)
  if (typeof implicit === "string") notFound(session, frame, `no transaction, and ${implicit}`)
  else handleTransactionFrame(context, session, implicit, frame)
}

function notFound(session: Session, frame: HAIPMessage, where: string): void {
  sendError(
    session,
    "TRANSACTION_NOT_FOUND",
    `${frame.type} was sent in ${where || "no open transaction"}; start one with TRANSACTION_START{toolName} first.`,
    { relatedId: frame.id },
  )
}

export function handleTransactionFrame(
  context: ProtocolContext,
  session: Session,
  transaction: ServerTransaction,
  frame: HAIPMessage,
): void {
  switch (frame.type) {
    case "MESSAGE":
      if (isRegenerateRequest(frame)) regenerateLast(context, session, transaction, frame)
      else startRun(context, session, transaction, frame)
      return
    case "MESSAGE_START":
    case "MESSAGE_PART":
    case "MESSAGE_END":
      gatherMessage(context, session, transaction, frame)
      return
    case "RUN_STARTED":
      declareRun(session, transaction, frame)
      return
    case "RUN_FINISHED":
      finishDeclaredRun(session, frame)
      return
    default:
      passToTool(context, session, transaction, frame)
  }
}
