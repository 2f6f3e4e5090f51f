/**
 * What the server does with each frame of an open session: one handler per session-level
 * frame type here; transactions, runs and their data frames in `turns.ts`. Transport-free:
 * frames in, frames queued on the session.
 */
import { byteLength, consumesCredit, encodeFrame } from "./frames.js"
import { type ProtocolContext, sendError } from "./protocol-context.js"
import type { Session } from "./session.js"
import type { ServerTransaction } from "./transaction.js"
import {
  cancelRun,
  cancelToolCall,
  endTransaction,
  handleRunFrame,
  handleTransactionFrame,
  startTransaction,
} from "./turns.js"
import type { HAIPChannel, HAIPMessage } from "./types.js"

/** A handler of one frame type; `transaction` is the open one the frame names, if any. */
type Handler = (
  context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
  transaction: ServerTransaction | undefined,
) => void

const ignore: Handler = () => {}

/** Session-level frames: taken inside or outside a transaction. */
const SESSION_HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ["PING", (_context, session, frame) => pong(session, frame)],
  ["PONG", ignore],
  ["INFO", ignore],
  [
    "ERROR",
    (context, session, frame) =>
      context.log(`session ${session.id}: client reported an error`, frame.payload),
  ],
  [
    "HAI",
    (_context, session, frame) =>
      sendError(
        session,
        "PROTOCOL_VIOLATION",
        "The handshake is already done; send HAI once per connection.",
        {
          relatedId: frame.id,
        },
      ),
  ],
  ["FLOW_UPDATE", (_context, session, frame) => addCredits(session, frame)],
  [
    "PAUSE_CHANNEL",
    (_context, session, frame) =>
      session.outboundCredits.pause(frame.payload.channel as HAIPChannel),
  ],
  [
    "RESUME_CHANNEL",
    (_context, session, frame) => {
      session.outboundCredits.resume(frame.payload.channel as HAIPChannel)
      session.flush()
    },
  ],
  [
    "REPLAY_REQUEST",
    (_context, session, frame, transaction) => replay(session, frame, transaction),
  ],
  ["TRANSACTION_START", startTransaction],
  ["TRANSACTION_END", endTransaction],
  ["RUN_CANCEL", cancelRun],
  ["TOOL_CANCEL", cancelToolCall],
  ["TOOL_LIST", listTools],
  ["TOOL_SCHEMA", describeTool],
  [
    "TRANSACTION_JOIN",
    (_context, session, frame) =>
      sendError(session, "UNSUPPORTED_TYPE", "TRANSACTION_JOIN is not supported by this server.", {
        relatedId: frame.id,
      }),
  ],
])

/** Handles one decoded client frame of a session whose handshake is complete. */
export function handleFrame(context: ProtocolContext, session: Session, frame: HAIPMessage): void {
  if (isRepeat(session, frame)) {
    context.log(`session ${session.id}: dropped duplicate frame ${frame.id} (seq ${frame.seq})`)
    return
  }
  const ack = Number(frame.ack)
  if (Number.isSafeInteger(ack) && ack > 0 && ack <= session.lastSeq) {
    session.replay.acknowledge(ack)
  }
  if (!acceptCredits(context, session, frame)) return
  const transaction =
    frame.transaction === "null" ? undefined : session.transactions.get(frame.transaction)
  const handler = SESSION_HANDLERS.get(frame.type)
  if (handler) handler(context, session, frame, transaction)
  else handleRunFrame(context, session, frame, transaction)
}

/**
 * Whether the client sent this frame before: its id was seen, or (for a client of the spec's
 * generation, whose seq is a per-session counter) its seq is not above the last one. The
 * reference SDK's seq is a millisecond timestamp that two frames can share: only ids count there.
 */
function isRepeat(session: Session, frame: HAIPMessage): boolean {
  if (session.isDuplicate(frame.id)) return true
  if (!/^\d{1,15}$/.test(frame.seq)) return false
  const seq = Number(frame.seq)
  const last = session.lastClientSeq === undefined ? 0 : Number(session.lastClientSeq)
  if (session.delivery.profile.generation === "spec" && seq <= last) return true
  if (seq > last) session.lastClientSeq = frame.seq
  return false
}

/**
 * A client's HAI on a new connection: a seq at or below the last one seen means the client
 * counts again from there (per connection, not per session), so its next frames are compared
 * with that; a client that goes on counting (as the spec says) keeps its repeats recognised.
 */
export function restartClientSeq(session: Session, hai: HAIPMessage): void {
  if (!/^\d{1,15}$/.test(hai.seq) || session.lastClientSeq === undefined) return
  if (Number(hai.seq) <= Number(session.lastClientSeq)) session.lastClientSeq = hai.seq
}

function pong(session: Session, frame: HAIPMessage): void {
  session.sendControl({ type: "PONG", channel: "SYSTEM", payload: { nonce: frame.payload?.nonce } })
}

function addCredits(session: Session, frame: HAIPMessage): void {
  session.outboundCredits.add(
    frame.payload.channel,
    frame.payload.add_messages ?? 0,
    frame.payload.add_bytes ?? 0,
  )
  session.flush()
}

function listTools(
  context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
  transaction: ServerTransaction | undefined,
): void {
  if (transaction) {
    handleTransactionFrame(context, session, transaction, frame)
    return
  }
  const tools = [...context.tools.values()].map((tool) => {
    const { name, description } = tool.schema()
    return { name, description }
  })
  session.enqueue({
    type: "TOOL_LIST",
    channel: "SYSTEM",
    payload: { tools },
    related_id: frame.id,
  })
}

function describeTool(
  context: ProtocolContext,
  session: Session,
  frame: HAIPMessage,
  transaction: ServerTransaction | undefined,
): void {
  if (transaction) {
    handleTransactionFrame(context, session, transaction, frame)
    return
  }
  const name = String(frame.payload.tool ?? "")
  const tool = context.tools.get(name)
  if (!tool) {
    sendError(session, "TOOL_NOT_FOUND", `No tool named "${name}"; TOOL_LIST lists the tools.`, {
      relatedId: frame.id,
    })
    return
  }
  session.enqueue({
    type: "TOOL_SCHEMA",
    channel: "SYSTEM",
    payload: { tool: name, schema: tool.schema() },
    related_id: frame.id,
  })
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
