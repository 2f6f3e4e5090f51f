/**
 * Pure encoding, decoding and validation of HAIP frames. Decoding never throws: a frame that
 * does not fit comes back as a problem with the spec's error code and a sentence.
 */
import { isRecord, normaliseEnvelope } from "./envelope.js"
import { payloadProblem, statusWarning } from "./payloads.js"
import { HAIP_EVENT_TYPES, type HAIPMessage } from "./types.js"

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

const eventTypes: ReadonlySet<string> = new Set(HAIP_EVENT_TYPES)

export { consumesCredit } from "@aichatkit/haip-wire"

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
