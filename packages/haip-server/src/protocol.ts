/**
 * What the server does with each frame of an open session: transactions, turns, cancel,
 * flow control, replay, heartbeat. Transport-free: frames in, frames queued on the session.
 */
import { randomUUID } from "node:crypto"
import { isAllowed } from "./auth.js"
import { byteLength, consumesCredit, encodeFrame } from "./frames.js"
import type { Session } from "./session.js"
import type { HAIPTool } from "./tool.js"
import { Run, ServerTransaction } from "./transaction.js"
import type { HAIPChannel, HAIPErrorCode, HAIPMessage } from "./types.js"

/** What the protocol needs from the server. */
export interface ProtocolContext {
  tools: ReadonlyMap<string, HAIPTool>
  maxConcurrentRuns: number
  cancelGraceMs: number
  flowGrantDelayMs: number
  log(message: string, detail?: unknown): void
}

/** Types a client may send outside a transaction. */
const OUTSIDE_TRANSACTION: ReadonlySet<string> = new Set([
  "HAI",
  "PING",
  "PONG",
  "FLOW_UPDATE",
  "PAUSE_CHANNEL",
  "RESUME_CHANNEL",
  "REPLAY_REQUEST",
  "TRANSACTION_START",
  "RUN_CANCEL",
  "TOOL_CANCEL",
  "ERROR",
  "INFO",
])

/** Sends an ERROR on the session (ahead of queued data). */
export function sendError(
  session: Session,
  code: HAIPErrorCode,
  message: string,
  extra: { relatedId?: string | undefined; transaction?: string; detail?: unknown } = {},
): void {
  const payload: Record<string, unknown> = { code, message }
  if (extra.relatedId !== undefined) payload.related_id = extra.relatedId
  if (extra.detail !== undefined) payload.detail = extra.detail
  session.sendControl({
    type: "ERROR",
    channel: "SYSTEM",
    payload,
    ...(extra.relatedId === undefined ? {} : { related_id: extra.relatedId }),
    ...(extra.transaction === undefined ? {} : { transaction: extra.transaction }),
  })
}

/** Handles one decoded client frame of a session whose handshake is complete. */
export function handleFrame(context: ProtocolContext, session: Session, frame: HAIPMessage): void {
  if (session.isDuplicate(frame.id)) {
    context.log(`session ${session.id}: dropped duplicate frame ${frame.id}`)
    return
  }
  if (/^\d+$/.test(frame.seq)) session.lastClientSeq = frame.seq
  if (!acceptCredits(context, session, frame)) return

  const transaction =
    frame.transaction === "null" ? undefined : session.transactions.get(frame.transaction)
  if (!transaction && !OUTSIDE_TRANSACTION.has(frame.type)) {
    const known =
      frame.transaction === "null"
        ? "no transaction"
        : `transaction ${frame.transaction}, which is not open`
    sendError(
      session,
      "TRANSACTION_NOT_FOUND",
      `${frame.type} was sent in ${known}; start one with TRANSACTION_START{toolName} first.`,
      { relatedId: frame.id },
    )
    return
  }

  switch (frame.type) {
    case "PING":
      session.sendControl({
        type: "PONG",
        channel: "SYSTEM",
        payload: { nonce: frame.payload?.nonce },
      })
      return
    case "PONG":
    case "INFO":
      return
    case "ERROR":
      context.log(`session ${session.id}: client reported an error`, frame.payload)
      return
    case "HAI":
      sendError(
        session,
        "PROTOCOL_VIOLATION",
        "The handshake is already done; send HAI once per connection.",
        {
          relatedId: frame.id,
        },
      )
      return
    case "FLOW_UPDATE":
      session.outboundCredits.add(
        frame.payload.channel,
        frame.payload.add_messages ?? 0,
        frame.payload.add_bytes ?? 0,
      )
      session.flush()
      return
    case "PAUSE_CHANNEL":
      session.outboundCredits.pause(frame.payload.channel as HAIPChannel)
      return
    case "RESUME_CHANNEL":
      session.outboundCredits.resume(frame.payload.channel as HAIPChannel)
      session.flush()
      return
    case "REPLAY_REQUEST":
      replay(session, frame, transaction)
      return
    case "TRANSACTION_START":
      startTransaction(context, session, frame)
      return
    case "TRANSACTION_END":
      if (transaction) {
        transaction.cancelRuns()
        session.transactions.delete(transaction.id)
        session.enqueue({
          type: "TRANSACTION_END",
          channel: "SYSTEM",
          payload: {},
          transaction: transaction.id,
        })
      }
      return
    case "RUN_CANCEL": {
      const runId = frame.run_id ?? frame.payload.run_id
      // Cancelling a run that already finished is a harmless race: nothing to do.
      session.runs.get(runId)?.cancel()
      return
    }
    case "TOOL_CANCEL":
      for (const run of session.runs.values()) {
        if (run.hasOpenCall(frame.payload.call_id)) run.cancelCall(frame.payload.call_id)
      }
      return
    case "TRANSACTION_JOIN":
      sendError(session, "UNSUPPORTED_TYPE", "TRANSACTION_JOIN is not supported by this server.", {
        relatedId: frame.id,
      })
      return
    default:
      if (transaction) handleTransactionFrame(context, session, transaction, frame)
  }
}

/** Accounts a data frame against the credits we granted; false when it over-ran them. */
function acceptCredits(context: ProtocolContext, session: Session, frame: HAIPMessage): boolean {
  const credits = session.inboundCredits
  if (!credits || !consumesCredit(frame.type, frame.channel)) return true
  const result = credits.accept(frame.channel, byteLength(encodeFrame(frame)))
  if (!result.ok) {
    sendError(
      session,
      "FLOW_CONTROL_VIOLATION",
      `The ${frame.channel} channel has no credits left (${result.balance.messages} messages, ${result.balance.bytes} bytes); wait for FLOW_UPDATE before sending more.`,
      { relatedId: frame.id },
    )
    return false
  }
  if (result.grant) {
    session.sendControl({ type: "FLOW_UPDATE", channel: "SYSTEM", payload: result.grant })
  } else if (!session.grantTimer) {
    // Grant back what was consumed below the half-window threshold too, so no sender waits forever.
    session.grantTimer = setTimeout(() => {
      session.grantTimer = undefined
      for (const grant of credits.pendingGrants()) {
        session.sendControl({ type: "FLOW_UPDATE", channel: "SYSTEM", payload: grant })
      }
    }, context.flowGrantDelayMs)
    session.grantTimer.unref?.()
  }
  return true
}

function replay(session: Session, frame: HAIPMessage, transaction: ServerTransaction | undefined) {
  const from = Number(frame.payload.from_seq)
  const to = frame.payload.to_seq === undefined ? session.lastSeq : Number(frame.payload.to_seq)
  if (!session.replay.covers(Math.max(from, 1), session.lastSeq)) {
    sendError(
      session,
      "REPLAY_TOO_OLD",
      `Frames from seq ${from} are no longer kept (the oldest kept is ${session.replay.firstSeq ?? "none"}); reload the conversation instead.`,
      { relatedId: frame.id, detail: { oldest_seq: String(session.replay.firstSeq ?? "") } },
    )
    return
  }
  let frames = session.replay.range(from, to)
  if (transaction) frames = frames.filter((sent) => sent.transaction === transaction.id)
  session.replayFrames(frames)
}

function startTransaction(context: ProtocolContext, session: Session, frame: HAIPMessage): void {
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

function handleTransactionFrame(
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
      session.incomingMessages.set(frame.payload.message_id, frame.payload.text ?? "")
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
