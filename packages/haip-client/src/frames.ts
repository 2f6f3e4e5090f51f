/**
 * Pure encoding, decoding and validation of HAIP frames. Decoding never throws: a frame that
 * does not fit comes back as a problem with the spec's error code and a sentence.
 */
import {
  HAIP_CHANNELS,
  HAIP_EVENT_TYPES,
  type HAIPChannel,
  type HAIPEventType,
  type HAIPMessage,
} from "./types.js"

/** Why a frame was refused: a spec error code and what was wrong. */
export interface FrameProblem {
  code: "PROTOCOL_VIOLATION" | "UNSUPPORTED_TYPE" | "INVALID_MESSAGE" | "PAYLOAD_TOO_LARGE"
  message: string
}

/** The result of {@link decodeFrame}. */
export type DecodeResult =
  | { ok: true; frame: HAIPMessage; bytes: number }
  | { ok: false; problem: FrameProblem; bytes: number }

const channels: ReadonlySet<string> = new Set(HAIP_CHANNELS)
const eventTypes: ReadonlySet<string> = new Set(HAIP_EVENT_TYPES)
const decimal = /^\d{1,20}$/

/** The frame types that carry data and so consume flow-control credits. */
export const DATA_TYPES: ReadonlySet<HAIPEventType> = new Set<HAIPEventType>([
  "MESSAGE",
  "MESSAGE_START",
  "MESSAGE_PART",
  "MESSAGE_END",
  "MESSAGE_UPDATE",
  "AUDIO",
  "AUDIO_CHUNK",
  "TOOL_CALL",
  "TOOL_UPDATE",
  "TOOL_DONE",
  "TOOL_CANCEL",
])

/** Whether a frame counts against the receiver's credits (data types off the SYSTEM channel). */
export function consumesCredit(type: HAIPEventType, channel: HAIPChannel): boolean {
  return channel !== "SYSTEM" && DATA_TYPES.has(type)
}

const nodeBuffer = (
  globalThis as { Buffer?: { byteLength(text: string, encoding: "utf8"): number } }
).Buffer

/** The UTF-8 length of a string, without allocating (Node's native count where there is one). */
export function utf8Length(text: string): number {
  return nodeBuffer ? nodeBuffer.byteLength(text, "utf8") : countUtf8(text)
}

function countUtf8(text: string): number {
  let bytes = text.length
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) continue
    if (code < 0x800) bytes += 1
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair is 2 UTF-16 units and 4 bytes.
      bytes += 2
      index++
    } else bytes += 2
  }
  return bytes
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function problem(code: FrameProblem["code"], message: string, bytes: number): DecodeResult {
  return { ok: false, problem: { code, message }, bytes }
}

function decimalField(value: unknown): string | undefined | null {
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value)
  if (typeof value === "string" && decimal.test(value)) return value
  return null
}

/**
 * Decodes one frame of text. `maxBytes` bounds its size; larger frames are refused
 * without being parsed.
 */
export function decodeFrame(text: string, maxBytes = 1024 * 1024): DecodeResult {
  const bytes = utf8Length(text)
  if (bytes > maxBytes) {
    return problem(
      "PAYLOAD_TOO_LARGE",
      `The frame is ${bytes} bytes, over the ${maxBytes} byte limit.`,
      bytes,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return problem("PROTOCOL_VIOLATION", "The frame is not valid JSON.", bytes)
  }
  return decodeValue(value, bytes)
}

/** Validates an already parsed frame (NDJSON and SSE lines are parsed the same way). */
export function decodeValue(value: unknown, bytes: number): DecodeResult {
  if (!isRecord(value)) return problem("INVALID_MESSAGE", "The frame is not a JSON object.", bytes)
  const { type } = value
  if (typeof type !== "string" || type === "") {
    return problem("INVALID_MESSAGE", "The frame has no type.", bytes)
  }
  if (!eventTypes.has(type)) {
    return problem(
      "UNSUPPORTED_TYPE",
      `The frame type ${JSON.stringify(type.slice(0, 40))} is not known.`,
      bytes,
    )
  }
  if (typeof value.id !== "string" || value.id === "") {
    return problem("INVALID_MESSAGE", `The ${type} frame has no id.`, bytes)
  }
  const channel = value.channel ?? "SYSTEM"
  if (typeof channel !== "string" || !channels.has(channel)) {
    return problem("INVALID_MESSAGE", `The ${type} frame names an unknown channel.`, bytes)
  }
  const transaction = value.transaction
  if (transaction !== undefined && transaction !== null && typeof transaction !== "string") {
    return problem("INVALID_MESSAGE", `The ${type} frame's transaction is not a string.`, bytes)
  }
  const seq = decimalField(value.seq)
  const ack = decimalField(value.ack)
  if (seq === null || ack === null) {
    return problem(
      "INVALID_MESSAGE",
      `The ${type} frame's seq or ack is not a decimal number.`,
      bytes,
    )
  }
  if (value.session !== undefined && typeof value.session !== "string") {
    return problem("INVALID_MESSAGE", `The ${type} frame's session is not a string.`, bytes)
  }
  // Normalised in place: the parsed object becomes the frame (no copy on the hot path).
  const frame = value as unknown as HAIPMessage
  frame.transaction =
    transaction === undefined || transaction === null || transaction === "null" ? null : transaction
  frame.session = typeof value.session === "string" ? value.session : ""
  frame.seq = seq ?? ""
  frame.ts =
    typeof value.ts === "string" ? value.ts : typeof value.ts === "number" ? String(value.ts) : ""
  frame.channel = channel as HAIPChannel
  if (value.payload === undefined) frame.payload = {}
  if (ack === undefined) delete frame.ack
  else frame.ack = ack
  if (value.run_id !== undefined && typeof value.run_id !== "string") delete frame.run_id
  if (value.thread_id !== undefined && typeof value.thread_id !== "string") delete frame.thread_id
  if (value.bin_len !== undefined && typeof value.bin_len !== "number") delete frame.bin_len
  if (value.bin_mime !== undefined && typeof value.bin_mime !== "string") delete frame.bin_mime
  const payloadIssue = payloadProblem(frame)
  if (payloadIssue !== undefined) return problem("INVALID_MESSAGE", payloadIssue, bytes)
  return { ok: true, frame, bytes }
}

const toolUpdateStatuses: ReadonlySet<string> = new Set(["QUEUED", "RUNNING", "CANCELLING"])
const doneStatuses: ReadonlySet<string> = new Set(["OK", "CANCELLED", "ERROR"])

function stringField(payload: Record<string, unknown>, key: string): boolean {
  return typeof payload[key] === "string" && payload[key] !== ""
}

/** Why a frame's payload does not fit its type, or `undefined` when it does. */
export function payloadProblem(frame: Pick<HAIPMessage, "type" | "payload">): string | undefined {
  const { type, payload } = frame
  if (type === "MESSAGE") return undefined // the raw value, whatever the tool's schema says
  if (!isRecord(payload)) return `The ${type} frame's payload is not an object.`
  switch (type) {
    case "MESSAGE_START":
    case "MESSAGE_END":
      if (!stringField(payload, "message_id")) return `The ${type} frame has no message_id.`
      if (payload.text !== undefined && typeof payload.text !== "string")
        return `The ${type} frame's text is not a string.`
      return undefined
    case "MESSAGE_PART":
      if (!stringField(payload, "message_id")) return "The MESSAGE_PART frame has no message_id."
      if (typeof payload.text !== "string") return "The MESSAGE_PART frame's text is not a string."
      return undefined
    case "TOOL_CALL":
      if (!stringField(payload, "call_id")) return "The TOOL_CALL frame has no call_id."
      if (!stringField(payload, "tool")) return "The TOOL_CALL frame has no tool name."
      return undefined
    case "TOOL_UPDATE":
      if (!stringField(payload, "call_id")) return "The TOOL_UPDATE frame has no call_id."
      if (!toolUpdateStatuses.has(payload.status as string))
        return "The TOOL_UPDATE status is not QUEUED, RUNNING or CANCELLING."
      if (
        payload.progress !== undefined &&
        (typeof payload.progress !== "number" ||
          !(payload.progress >= 0 && payload.progress <= 100))
      ) {
        return "The TOOL_UPDATE progress is not a number from 0 to 100."
      }
      return undefined
    case "TOOL_DONE":
      if (!stringField(payload, "call_id")) return "The TOOL_DONE frame has no call_id."
      if (payload.status !== undefined && !doneStatuses.has(payload.status as string)) {
        return "The TOOL_DONE status is not OK, CANCELLED or ERROR."
      }
      return undefined
    case "TOOL_CANCEL":
      if (!stringField(payload, "call_id")) return "The TOOL_CANCEL frame has no call_id."
      return undefined
    case "RUN_FINISHED":
      if (payload.status !== undefined && !doneStatuses.has(payload.status as string)) {
        return "The RUN_FINISHED status is not OK, CANCELLED or ERROR."
      }
      return undefined
    case "FLOW_UPDATE":
      if (typeof payload.channel !== "string" || !channels.has(payload.channel))
        return "The FLOW_UPDATE frame names no known channel."
      for (const key of ["add_messages", "add_bytes"]) {
        const amount = payload[key]
        if (
          amount !== undefined &&
          (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0)
        ) {
          return `The FLOW_UPDATE ${key} is not a non-negative number.`
        }
      }
      return undefined
    case "REPLAY_REQUEST":
      if (decimalField(payload.from_seq) == null)
        return "The REPLAY_REQUEST frame has no decimal from_seq."
      return undefined
    case "ERROR":
      if (typeof payload.code !== "string") return "The ERROR frame has no code."
      return undefined
    default:
      return undefined
  }
}

/** Encodes a frame as the reference server orders its keys; `transaction: null` becomes "null". */
export function encodeFrame(frame: HAIPMessage): string {
  const wire: Record<string, unknown> = {
    id: frame.id,
    transaction: frame.transaction ?? "null",
    session: frame.session,
    seq: frame.seq,
  }
  if (frame.ack !== undefined) wire.ack = frame.ack
  wire.ts = frame.ts
  wire.channel = frame.channel
  wire.type = frame.type
  wire.payload = frame.payload
  if (frame.run_id !== undefined) wire.run_id = frame.run_id
  if (frame.thread_id !== undefined) wire.thread_id = frame.thread_id
  if (frame.bin_len !== undefined) wire.bin_len = frame.bin_len
  if (frame.bin_mime !== undefined) wire.bin_mime = frame.bin_mime
  return JSON.stringify(wire)
}

/** A v4 uuid from `crypto.randomUUID` (Node 20 and browsers in secure contexts) or a fallback. */
export function generateUUID(): string {
  const webCrypto = globalThis.crypto as Crypto | undefined
  if (webCrypto && typeof webCrypto.randomUUID === "function") return webCrypto.randomUUID()
  const bytes = new Uint8Array(16)
  if (webCrypto) webCrypto.getRandomValues(bytes)
  else for (let index = 0; index < 16; index++) bytes[index] = Math.floor(Math.random() * 256)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
