/**
 * Pure encoding, decoding and validation of HAIP frames. Decoding never throws: a frame that
 * does not fit comes back as a problem with the spec's error code and a sentence.
 */
import { decimalField, normaliseEnvelope } from "./envelope.js"
import {
  HAIP_CHANNELS,
  HAIP_EVENT_TYPES,
  type HAIPChannel,
  type HAIPEventType,
  type HAIPMessage,
} from "./types.js"

export { generateUUID } from "./ids.js"

/** Why a frame was refused: a spec error code and what was wrong. */
export interface FrameProblem {
  code: "PROTOCOL_VIOLATION" | "UNSUPPORTED_TYPE" | "INVALID_MESSAGE" | "PAYLOAD_TOO_LARGE"
  message: string
}

/**
 * The result of {@link decodeFrame}. `warnings` name the fields a peer filled in a way the
 * client did not expect and put right (the frame is still good to use).
 */
export type DecodeResult =
  | { ok: true; frame: HAIPMessage; bytes: number; warnings?: string[] }
  | { ok: false; problem: FrameProblem; bytes: number }

const channels: ReadonlySet<string> = new Set(HAIP_CHANNELS)
const eventTypes: ReadonlySet<string> = new Set(HAIP_EVENT_TYPES)

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
  // Normalised in place: the parsed object becomes the frame (no copy on the hot path).
  const warnings = normaliseEnvelope(value, type)
  const frame = value as unknown as HAIPMessage
  const statusIssue = statusWarning(frame)
  const payloadIssue = payloadProblem(frame, { received: true })
  if (payloadIssue !== undefined) return problem("INVALID_MESSAGE", payloadIssue, bytes)
  if (statusIssue === undefined) {
    return warnings === undefined
      ? { ok: true, frame, bytes }
      : { ok: true, frame, bytes, warnings }
  }
  return { ok: true, frame, bytes, warnings: [...(warnings ?? []), statusIssue] }
}

/** Types whose payload fields the client reads, so a received one must be an object. */
const fieldsRead: ReadonlySet<string> = new Set([
  "MESSAGE_START",
  "MESSAGE_PART",
  "MESSAGE_END",
  "TOOL_CALL",
  "TOOL_UPDATE",
  "TOOL_DONE",
  "TOOL_CANCEL",
  "RUN_FINISHED",
  "FLOW_UPDATE",
  "REPLAY_REQUEST",
  "ERROR",
])
const toolUpdateStatuses: ReadonlySet<string> = new Set(["QUEUED", "RUNNING", "CANCELLING"])
const doneStatuses: ReadonlySet<string> = new Set(["OK", "CANCELLED", "ERROR"])

function stringField(payload: Record<string, unknown>, key: string): boolean {
  return typeof payload[key] === "string" && payload[key] !== ""
}

/** The status a frame of `type` carries and the values the spec allows for it. */
function statusRule(type: string): { values: ReadonlySet<string>; names: string } | undefined {
  if (type === "TOOL_UPDATE")
    return { values: toolUpdateStatuses, names: "QUEUED, RUNNING or CANCELLING" }
  if (type === "TOOL_DONE" || type === "RUN_FINISHED")
    return { values: doneStatuses, names: "OK, CANCELLED or ERROR" }
  return undefined
}

/**
 * On a received frame, a status or progress outside the spec's values is a warning, not a
 * refusal: the status is kept as sent (the adapter shows an unknown one as running or done),
 * a progress outside 0..100 is dropped.
 */
function statusWarning(frame: HAIPMessage): string | undefined {
  const payload = frame.payload
  if (!isRecord(payload)) return undefined
  const rule = statusRule(frame.type)
  if (rule === undefined) return undefined
  const progress = payload.progress
  if (
    frame.type === "TOOL_UPDATE" &&
    progress !== undefined &&
    (typeof progress !== "number" || !(progress >= 0 && progress <= 100))
  ) {
    delete payload.progress
    return `The TOOL_UPDATE frame's progress ${JSON.stringify(progress)} is not a number from 0 to 100; it was ignored.`
  }
  const status = payload.status
  if (status === undefined && frame.type !== "TOOL_UPDATE") return undefined
  if (typeof status === "string" && rule.values.has(status)) return undefined
  return `The ${frame.type} frame's status ${JSON.stringify(status)} is not ${rule.names}; the frame was kept.`
}

/**
 * Why a frame's payload does not fit its type, or `undefined` when it does. For a `received`
 * frame, statuses and progress are not checked here (see {@link statusWarning}): only what
 * makes a frame unusable (no message or call id, no text in a part) refuses it.
 */
export function payloadProblem(
  frame: Pick<HAIPMessage, "type" | "payload">,
  options: { received?: boolean } = {},
): string | undefined {
  const { type, payload } = frame
  const strict = options.received !== true
  if (type === "MESSAGE") return undefined // the raw value, whatever the tool's schema says
  // A received frame whose fields the client does not read (INFO, AUDIO, MESSAGE_UPDATE…)
  // may carry any payload: the reference server's are raw values, as its MESSAGE's.
  if (!strict && !fieldsRead.has(type)) return undefined
  if (!isRecord(payload)) return `The ${type} frame's payload is not an object.`
  switch (type) {
    case "MESSAGE_START":
    case "MESSAGE_END":
    case "MESSAGE_PART":
      // The seed guide streams without message_id; a received one gets the id of the message
      // it continues (`message-ids.ts`). One that is there must be usable.
      if ((strict || payload.message_id !== undefined) && !stringField(payload, "message_id")) {
        return `The ${type} frame has no message_id.`
      }
      if (type === "MESSAGE_PART" && typeof payload.text !== "string")
        return "The MESSAGE_PART frame's text is not a string."
      if (payload.text !== undefined && typeof payload.text !== "string")
        return `The ${type} frame's text is not a string.`
      return undefined
    case "TOOL_CALL":
      if (!stringField(payload, "call_id")) return "The TOOL_CALL frame has no call_id."
      if (!stringField(payload, "tool")) return "The TOOL_CALL frame has no tool name."
      return undefined
    case "TOOL_UPDATE":
      if (!stringField(payload, "call_id")) return "The TOOL_UPDATE frame has no call_id."
      if (!strict) return undefined
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
      if (strict && payload.status !== undefined && !doneStatuses.has(payload.status as string)) {
        return "The TOOL_DONE status is not OK, CANCELLED or ERROR."
      }
      return undefined
    case "TOOL_CANCEL":
      if (!stringField(payload, "call_id")) return "The TOOL_CANCEL frame has no call_id."
      return undefined
    case "RUN_FINISHED":
      if (strict && payload.status !== undefined && !doneStatuses.has(payload.status as string)) {
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
