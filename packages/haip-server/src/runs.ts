/**
 * One client message answered by a run: the client's streamed messages gathered into one,
 * the run started (or the run its frames opened, reused) and finished when the tool's handler
 * settles; the client's other data frames (audio, tool results) handed to the tool's run.
 */
import { randomUUID } from "node:crypto"
import { isAllowed } from "./auth.js"
import { openFrameRun, takeFrameRun } from "./implicit-runs.js"
import { type ProtocolContext, sendError } from "./protocol-context.js"
import type { Session } from "./session.js"
import { Run, type ServerTransaction } from "./transaction.js"
import type { HAIPMessage } from "./types.js"

/** Per-session limits on the streamed messages a client can make the server hold. */
const LIMITS = {
  openMessages: 32,
  messageChars: 4 * 1024 * 1024,
}

/** A client's streamed message (keyed by message_id, or its run when it has none). */
export function gatherMessage(
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
export function passToTool(
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

export function startRun(
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
    transaction.lastMessage = frame
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
  transaction.lastMessage = frame
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
