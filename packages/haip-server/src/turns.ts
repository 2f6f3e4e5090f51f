/**
 * Transactions and turns: TRANSACTION_START opens a transaction with a tool; each client
 * MESSAGE in it is a run that the tool's `handleMessage` answers. Frames without a transaction
 * (the spec's flow: RUN_STARTED, MESSAGE_*, AUDIO_CHUNK, TOOL_* with `run_id`) go to the
 * session's implicit transaction (`implicit-runs.ts`).
 */
import { randomUUID } from "node:crypto"
import { isAllowed } from "./auth.js"
import {
  declareRun,
  finishDeclaredRun,
  implicitTransaction,
  openFrameRun,
  takeFrameRun,
} from "./implicit-runs.js"
import { type ProtocolContext, sendError } from "./protocol-context.js"
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
      startRun(context, session, transaction, frame)
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

/** A client's streamed message (keyed by message_id, or its run when it has none). */
function gatherMessage(
  context: ProtocolContext,
  session: Session,
  transaction: ServerTransaction,
  frame: HAIPMessage,
): void {
  const key = String(frame.payload.message_id ?? `run:${frame.run_id}`)
  const chunk = typeof frame.payload.text === "string" ? frame.payload.text : ""
  const text = session.incomingMessages.get(key)
  if (frame.type === "MESSAGE_START") {
    if (session.incomingMessages.size >= LIMITS.openMessages) {
      sendError(
        session,
        "RATE_LIMITED",
        `${LIMITS.openMessages} streamed messages are already open; end one with MESSAGE_END first.`,
        { relatedId: frame.id },
      )
      return
    }
    session.incomingMessages.set(key, chunk)
    return
  }
  if (text === undefined) {
    sendError(
      session,
      "PROTOCOL_VIOLATION",
      `${frame.type} for a message that was never started; send MESSAGE_START first.`,
      { relatedId: frame.id },
    )
    return
  }
  if (text.length + chunk.length > LIMITS.messageChars) {
    session.incomingMessages.delete(key)
    sendError(
      session,
      "PAYLOAD_TOO_LARGE",
      `The streamed message is longer than ${LIMITS.messageChars} characters; it was dropped.`,
      { relatedId: frame.id },
    )
    return
  }
  if (frame.type === "MESSAGE_PART") {
    session.incomingMessages.set(key, text + chunk)
    return
  }
  session.incomingMessages.delete(key)
  startRun(context, session, transaction, { ...frame, type: "MESSAGE", payload: text + chunk })
}

/**
 * Audio, tool results and the other data frames go to the tool's `handleFrame`, in the run
 * they name (one is opened for a `run_id` the server has no run for), or the transaction's
 * latest run. With no run to give it to, the frame gets an ERROR instead of vanishing.
 */
function passToTool(
  context: ProtocolContext,
  session: Session,
  transaction: ServerTransaction,
  frame: HAIPMessage,
): void {
  const named = frame.run_id === undefined ? undefined : session.runs.get(frame.run_id)
  let run = named?.transaction.id === transaction.id ? named : undefined
  if (!run && frame.run_id === undefined) run = [...transaction.runs.values()].at(-1)
  if (!run && frame.run_id !== undefined && !named) {
    if (session.runs.size >= context.maxConcurrentRuns) {
      runLimit(context, session, transaction, frame)
      return
    }
    run = openFrameRun(context, session, transaction, frame.run_id)
  }
  if (!run) {
    sendError(
      session,
      "PROTOCOL_VIOLATION",
      `${frame.type} arrived outside a run, so no tool can take it: send it with the run_id of a RUN_STARTED, or after a MESSAGE while its answer runs.`,
      { relatedId: frame.id, transaction: transaction.id },
    )
    return
  }
  transaction.record(frame)
  const target = run
  callSafely(context, () => transaction.tool.handleFrame(target, frame))
}

function runLimit(
  context: ProtocolContext,
  session: Session,
  transaction: ServerTransaction,
  frame: HAIPMessage,
): void {
  sendError(
    session,
    "RUN_LIMIT_EXCEEDED",
    `${session.runs.size} runs are already active (the limit is ${context.maxConcurrentRuns}); wait for one to finish or cancel it.`,
    { relatedId: frame.id, transaction: transaction.id },
  )
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
      "PROTOCOL_VIOLATION",
      `The tool "${transaction.toolName}" takes text: send the MESSAGE payload as a string.`,
      { relatedId: frame.id, transaction: transaction.id },
    )
    return
  }
  // A run opened for the client's audio or tool frames answers the message sent in it.
  const waiting =
    frame.run_id === undefined ? undefined : takeFrameRun(session, transaction, frame.run_id)
  if (waiting) {
    transaction.record(frame)
    answer(waiting, tool.handleMessage.bind(tool), frame)
    return
  }
  if (session.runs.size >= context.maxConcurrentRuns) {
    runLimit(context, session, transaction, frame)
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
  answer(run, tool.handleMessage.bind(tool), frame)
}

/** Calls the handler; the run finishes when what it returns settles. */
function answer(
  run: Run,
  handler: (client: Run, message: HAIPMessage) => unknown,
  frame: HAIPMessage,
): void {
  let result: unknown
  try {
    result = handler(run, frame)
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
