/**
 * What the server does with each frame of an open session: transactions, turns, cancel,
 * flow control, replay, heartbeat. Transport-free: frames in, frames queued on the session.
 */
import { byteLength, consumesCredit, encodeFrame } from "./frames.js"
import type { Session } from "./session.js"
import type { HAIPTool } from "./tool.js"
import type { ServerTransaction } from "./transaction.js"
import { handleTransactionFrame, startTransaction } from "./turns.js"
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
  "TOOL_LIST",
  "TOOL_SCHEMA",
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
  const ack = Number(frame.ack)
  if (Number.isSafeInteger(ack) && ack > 0 && ack <= session.lastSeq)
    session.replay.acknowledge(ack)
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
    case "TOOL_LIST":
      if (transaction) {
        handleTransactionFrame(context, session, transaction, frame)
        return
      }
      session.enqueue({
        type: "TOOL_LIST",
        channel: "SYSTEM",
        payload: {
          tools: [...context.tools.values()].map((tool) => {
            const { name, description } = tool.schema()
            return { name, description }
          }),
        },
        related_id: frame.id,
      })
      return
    case "TOOL_SCHEMA": {
      if (transaction) {
        handleTransactionFrame(context, session, transaction, frame)
        return
      }
      const name = String(frame.payload.tool ?? "")
      const tool = context.tools.get(name)
      if (!tool) {
        sendError(
          session,
          "TOOL_NOT_FOUND",
          `No tool named "${name}"; TOOL_LIST lists the tools.`,
          {
            relatedId: frame.id,
          },
        )
        return
      }
      session.enqueue({
        type: "TOOL_SCHEMA",
        channel: "SYSTEM",
        payload: { tool: name, schema: tool.schema() },
        related_id: frame.id,
      })
      return
    }
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
