/**
 * Pure decoding, validation and encoding of HAIP frames. No sockets, no state: every function
 * here is table-tested in `frames.test.ts`.
 */
import { randomUUID } from "node:crypto"
import { HAIP_DATA_TYPES } from "@aichatkit/haip-wire"
import { type HAIPChannel, type HAIPErrorCode, HAIPEventType, type HAIPMessage } from "./types.js"

const EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(HAIPEventType))
/** The spec's channel names: its five, and any other of this form. */
const CHANNEL_NAME = /^[A-Za-z0-9_-]{1,128}$/
const isChannel = (value: unknown): value is HAIPChannel =>
  typeof value === "string" && CHANNEL_NAME.test(value)

export { consumesCredit } from "@aichatkit/haip-wire"

/** Whether a type is a data frame (the rest are control frames, sent on SYSTEM). */
export function isDataType(type: string): boolean {
  return HAIP_DATA_TYPES.has(type)
}

/** A frame that could not be decoded, with the ERROR to answer it with. */
export interface FrameProblem {
  code: HAIPErrorCode
  message: string
  /** The frame's id, when it had one, for the ERROR's `related_id`. */
  relatedId?: string
}

/** The outcome of {@link decodeFrame}. */
export type DecodeResult = { ok: true; frame: HAIPMessage } | { ok: false; problem: FrameProblem }

/** UTF-8 length of a string, without allocating a buffer. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8")
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
const isNonEmptyString = (value: unknown): value is string =>
  typeof value === "string" && value.length > 0
const isCount = (value: unknown): boolean =>
  value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= 0)
const isSeq = (value: unknown): boolean =>
  (typeof value === "string" && /^\d{1,20}$/.test(value)) ||
  (typeof value === "number" && Number.isInteger(value) && value >= 0)

/** Payload fields each type needs; returns what is wrong, or undefined. */
function payloadProblem(type: string, payload: unknown, frame: Record<string, unknown>) {
  if (type === "MESSAGE") return payload === undefined ? "payload is missing" : undefined
  if (payload !== undefined && !isObject(payload)) return "payload is not an object"
  const p = (payload ?? {}) as Record<string, unknown>
  switch (type) {
    case "TRANSACTION_START":
      return isNonEmptyString(p.toolName) ? undefined : "payload.toolName is not a non-empty string"
    case "MESSAGE_START":
    case "MESSAGE_END":
      // The seed SDK's guide streams without message_id: the run then names the message.
      return isNonEmptyString(p.message_id) || isNonEmptyString(frame.run_id)
        ? undefined
        : "payload.message_id is missing (and no run_id names the message)"
    case "AUDIO_CHUNK":
      return isNonEmptyString(p.message_id) ? undefined : "payload.message_id is missing"
    case "MESSAGE_PART":
      if (!isNonEmptyString(p.message_id) && !isNonEmptyString(frame.run_id)) {
        return "payload.message_id is missing (and no run_id names the message)"
      }
      return typeof p.text === "string" ? undefined : "payload.text is not a string"
    case "TOOL_CALL":
      if (!isNonEmptyString(p.call_id)) return "payload.call_id is missing"
      return isNonEmptyString(p.tool) ? undefined : "payload.tool is missing"
    case "TOOL_UPDATE":
    case "TOOL_DONE":
    case "TOOL_CANCEL":
      return isNonEmptyString(p.call_id) ? undefined : "payload.call_id is missing"
    case "FLOW_UPDATE":
      if (!isChannel(p.channel)) return "payload.channel is not a HAIP channel name"
      return isCount(p.add_messages) && isCount(p.add_bytes)
        ? undefined
        : "payload.add_messages and add_bytes must be whole numbers of 0 or more"
    case "PAUSE_CHANNEL":
    case "RESUME_CHANNEL":
      return isChannel(p.channel) ? undefined : "payload.channel is not a HAIP channel name"
    case "REPLAY_REQUEST":
      if (!isSeq(p.from_seq)) return "payload.from_seq is not a decimal sequence number"
      return p.to_seq === undefined || isSeq(p.to_seq)
        ? undefined
        : "payload.to_seq is not a decimal sequence number"
    case "RUN_CANCEL":
      return isNonEmptyString(frame.run_id) || isNonEmptyString(p.run_id)
        ? undefined
        : "run_id is missing (envelope or payload)"
    default:
      return undefined
  }
}

/** The channel a frame travels on when the sender left it out. */
function defaultChannel(type: string): HAIPChannel {
  return isDataType(type) ? "USER" : "SYSTEM"
}

/**
 * Decodes one text frame from a client. Checks size, JSON, envelope and the payload fields
 * its type needs; fills in what may be left out (`transaction` → "null", `channel`, `ts`).
 */
export function decodeFrame(text: string, maxFrameBytes: number): DecodeResult {
  const size = byteLength(text)
  if (size > maxFrameBytes) {
    return fail(
      "PAYLOAD_TOO_LARGE",
      `The frame is ${size} bytes; this server accepts at most ${maxFrameBytes}. Split the content into MESSAGE_PART frames.`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return fail(
      "PROTOCOL_VIOLATION",
      `The frame is not valid JSON (${reason}); send one JSON object per frame.`,
    )
  }
  if (!isObject(value)) {
    return fail(
      "PROTOCOL_VIOLATION",
      "The frame is not a JSON object; send one HAIP envelope object.",
    )
  }
  const relatedId = isNonEmptyString(value.id) ? value.id : undefined
  const problem = (code: HAIPErrorCode, message: string): DecodeResult =>
    fail(code, message, relatedId)
  if (relatedId === undefined) return problem("PROTOCOL_VIOLATION", "The frame has no id (a uuid).")
  if (!isNonEmptyString(value.type)) return problem("PROTOCOL_VIOLATION", "The frame has no type.")
  if (!EVENT_TYPES.has(value.type)) {
    return problem(
      "UNSUPPORTED_TYPE",
      `The frame type ${JSON.stringify(value.type.slice(0, 64))} is not a HAIP 1.1.2 event.`,
    )
  }
  const type = value.type as HAIPEventType
  if (value.channel !== undefined && !isChannel(value.channel)) {
    return problem(
      "PROTOCOL_VIOLATION",
      "The frame's channel is not a channel name (1 to 128 letters, digits, _ or -).",
    )
  }
  if (value.seq !== undefined && !isSeq(value.seq) && typeof value.seq !== "string") {
    return problem("PROTOCOL_VIOLATION", "The frame's seq is not a decimal string.")
  }
  const payloadIssue = payloadProblem(type, value.payload, value)
  if (payloadIssue) return problem("PROTOCOL_VIOLATION", `${type} frame: ${payloadIssue}.`)
  const transaction =
    typeof value.transaction === "string" && value.transaction !== "" ? value.transaction : "null"
  const frame: HAIPMessage = {
    ...(value as unknown as HAIPMessage),
    id: relatedId,
    transaction,
    session: typeof value.session === "string" ? value.session : "",
    seq: value.seq === undefined ? "" : String(value.seq),
    ts: typeof value.ts === "string" ? value.ts : String(Date.now()),
    channel: (value.channel as HAIPChannel | undefined) ?? defaultChannel(type),
    type,
    payload: type === "MESSAGE" ? value.payload : (value.payload ?? {}),
  }
  return { ok: true, frame }
}

function fail(code: HAIPErrorCode, message: string, relatedId?: string): DecodeResult {
  return {
    ok: false,
    problem: relatedId === undefined ? { code, message } : { code, message, relatedId },
  }
}

/** Envelope fields a frame is built from; key order follows the reference server. */
export interface EnvelopeFields {
  id: string
  transaction: string | undefined
  session: string
  seq: number
  ack: string | undefined
  channel: HAIPChannel
  type: HAIPEventType
  payload: unknown
  runId?: string | undefined
  relatedId?: string | undefined
}

/** Builds a frame with the reference server's key order (`transaction` "null" when none). */
export function buildFrame(fields: EnvelopeFields): HAIPMessage {
  const frame: HAIPMessage = {
    id: fields.id,
    transaction: fields.transaction ?? "null",
    session: fields.session,
    seq: String(fields.seq),
    ...(fields.ack === undefined ? {} : { ack: fields.ack }),
    ts: String(Date.now()),
    channel: fields.channel,
    type: fields.type,
    payload: fields.payload,
  }
  if (fields.runId !== undefined) frame.run_id = fields.runId
  if (fields.relatedId !== undefined) frame.related_id = fields.relatedId
  return frame
}

/** Encodes a frame as the text of one WebSocket frame / NDJSON line / SSE data field. */
export function encodeFrame(frame: HAIPMessage): string {
  return JSON.stringify(frame)
}

/**
 * The text of a frame outside any session's sequence (seq "0", on SYSTEM): the server's HAI and
 * the ERRORs sent before a session exists (a refused handshake, a full server).
 */
export function unsequencedFrame(
  type: "HAI" | "ERROR",
  payload: Record<string, unknown>,
  sessionId: string,
): string {
  return encodeFrame(
    buildFrame({
      id: randomUUID(),
      transaction: undefined,
      session: sessionId,
      seq: 0,
      ack: undefined,
      channel: "SYSTEM",
      type,
      payload,
    }),
  )
}
