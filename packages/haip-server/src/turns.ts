/**
 * Transactions and turns: TRANSACTION_START opens a transaction with a tool; each client
 * MESSAGE in it is a run that the tool's `handleMessage` answers.
 */
import { randomUUID } from "node:crypto"
import { isAllowed } from "./auth.js"
import { type ProtocolContext, sendError } from "./protocol.js"
import type { Session } from "./session.js"
import { Run, ServerTransaction } from "./transaction.js"
import type { HAIPMessage } from "./types.js"

/** Per-session limits on what a client can make the server hold. */
const LIMITS = {
  transactions: 100,
  openMessages: 32,
  messageChars: 4 * 1024 * 1024,
}

export function startTransaction(
  context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
): void {
  if (session.transactions.size >= LIMITS.transactions) {
    sendError(
      session,
      "RUN_LIMIT_EXCEEDED",
      `${LIMITS.transactions} transactions are already open in this session; end one with TRANSACTION_END first.`,
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
      {
        relatedId: frame.id,
        transaction: frame.transaction,
      },
    )
    return
  }
  if (!isAllowed(session.user, "TRANSACTION_START", toolName)) {
    sendError(session, "AUTHENTICATION_FAILED", `This user may not use the tool "${toolName}".`, {
      relatedId: frame.id,
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

export function handleTransactionFrame(
  context: ProtocolContext,
  session: Session,
  transaction: ServerTransaction,
  frame: HAIPMessage,
): void {
  switch (frame.type) {
    case "MESSAGE":
      startRun(context, session, transaction, frame)
      return
    case "MESSAGE_START":
      if (session.incomingMessages.size >= LIMITS.openMessages) {
        sendError(
          session,
          "RATE_LIMITED",
          `${LIMITS.openMessages} streamed messages are already open; end one with MESSAGE_END first.`,
          { relatedId: frame.id },
        )
        return
      }
      session.incomingMessages.set(frame.payload.message_id, String(frame.payload.text ?? ""))
      return
    case "MESSAGE_PART": {
      const text = session.incomingMessages.get(frame.payload.message_id)
      if (text === undefined) {
        sendError(
          session,
          "PROTOCOL_VIOLATION",
          "MESSAGE_PART for a message that was never started; send MESSAGE_START first.",
          { relatedId: frame.id },
        )
        return
      }
      if (text.length + frame.payload.text.length > LIMITS.messageChars) {
        session.incomingMessages.delete(frame.payload.message_id)
        sendError(
          session,
          "PAYLOAD_TOO_LARGE",
          `The streamed message is longer than ${LIMITS.messageChars} characters; it was dropped.`,
          { relatedId: frame.id },
        )
        return
      }
      session.incomingMessages.set(frame.payload.message_id, text + frame.payload.text)
      return
    }
    case "MESSAGE_END": {
      const text = session.incomingMessages.get(frame.payload.message_id)
      session.incomingMessages.delete(frame.payload.message_id)
      if (text === undefined) {
        sendError(
          session,
          "PROTOCOL_VIOLATION",
          "MESSAGE_END for a message that was never started.",
          { relatedId: frame.id },
        )
        return
      }
      startRun(context, session, transaction, { ...frame, type: "MESSAGE", payload: text })
      return
    }
    default: {
      transaction.record(frame)
      const run = [...transaction.runs.values()].at(-1)
      if (run) callSafely(context, () => transaction.tool.handleFrame(run, frame))
    }
  }
}

function startRun(
  context: ProtocolContext,
  session: Session,
  transaction: ServerTransaction,
  frame: HAIPMessage,
): void {
  const tool = transaction.tool
  if (!isAllowed(session.user, "MESSAGE", transaction.toolName)) {
    sendError(
      session,
      "AUTHENTICATION_FAILED",
      `This user may not send messages to "${transaction.toolName}".`,
      { relatedId: frame.id },
    )
    return
  }
  const inputType = tool.schema().inputSchema?.type
  if (inputType === "string" && typeof frame.payload !== "string") {
    sendError(
      session,
      "INVALID_MESSAGE",
      `The tool "${transaction.toolName}" takes text: send the MESSAGE payload as a string.`,
      { relatedId: frame.id, transaction: transaction.id },
    )
    return
  }
  if (session.runs.size >= context.maxConcurrentRuns) {
    sendError(
      session,
      "RUN_LIMIT_EXCEEDED",
      `${session.runs.size} runs are already active (the limit is ${context.maxConcurrentRuns}); wait for one to finish or cancel it.`,
      { relatedId: frame.id, transaction: transaction.id },
    )
    return
  }
  const runId = frame.run_id && !session.runs.has(frame.run_id) ? frame.run_id : randomUUID()
  const run = new Run(session, transaction, runId, {
    cancelGraceMs: context.cancelGraceMs,
    message: frame,
    onFinished: (finished) => {
      session.runs.delete(finished.runId)
      transaction.runs.delete(finished.runId)
    },
  })
  session.runs.set(runId, run)
  transaction.runs.set(runId, run)
  run.start()
  transaction.record(frame)
  let result: unknown
  try {
    result = tool.handleMessage(run, frame)
  } catch (error) {
    failRun(run, error)
    return
  }
  Promise.resolve(result).then(
    () => run.finish(run.signal.aborted ? "CANCELLED" : "OK"),
    (error: unknown) => (run.signal.aborted ? run.finish("CANCELLED") : failRun(run, error)),
  )
}

function failRun(run: Run, error: unknown): void {
  if (run.finished) return
  const reason = error instanceof Error ? error.message : String(error)
  run.send({
    type: "ERROR",
    channel: "SYSTEM",
    payload: { code: "TOOL_EXECUTION_ERROR", message: `The tool failed: ${reason}` },
  })
  run.finish("ERROR", reason)
}

function callSafely(context: ProtocolContext, action: () => void): void {
  try {
    action()
  } catch (error) {
    context.log("a tool's handleFrame threw", error)
  }
}
