/** `HAIPUtils` as the seed's messaging guide uses it. */
import { isRecord } from "./envelope.js"
import { decodeValue, generateUUID, utf8Length } from "./frames.js"
import { payloadProblem } from "./payloads.js"
import { HAIP_CHANNELS, HAIP_EVENT_TYPES, type HAIPChannel, type HAIPMessage } from "./types.js"

const channels: ReadonlySet<string> = new Set(HAIP_CHANNELS)
const eventTypes: ReadonlySet<string> = new Set(HAIP_EVENT_TYPES)

/**
 * Whether a message is valid: a whole wire frame (with `id`) is checked field by field; the
 * SDK's shorter form (`{ type, payload, envelope? }`) needs a known type, an object payload
 * and known channels where it names them.
 */
export function validateMessage(message: unknown): boolean {
  if (!isRecord(message)) return false
  if (typeof message.id === "string" && "seq" in message) {
    const text = safeStringify(message)
    if (text === undefined) return false
    // decodeValue normalises what it is given in place; give it a copy. A receiver takes some
    // fields filled differently (with warnings); a message that is valid needs none of that.
    const decoded = decodeValue(JSON.parse(text), utf8Length(text))
    return (
      decoded.ok && decoded.warnings === undefined && payloadProblem(decoded.frame) === undefined
    )
  }
  if (typeof message.type !== "string" || !eventTypes.has(message.type)) return false
  const payload = message.payload
  if (message.type !== "MESSAGE" && !isRecord(payload)) return false
  if (
    isRecord(payload) &&
    payload.channel !== undefined &&
    !channels.has(payload.channel as string)
  )
    return false
  const envelope = message.envelope
  if (envelope !== undefined) {
    if (!isRecord(envelope)) return false
    if (envelope.channel !== undefined && !channels.has(envelope.channel as string)) return false
  }
  if (message.type === "MESSAGE_PART" && isRecord(payload) && typeof payload.text !== "string")
    return false
  if (
    message.type === "TOOL_UPDATE" ||
    message.type === "TOOL_DONE" ||
    message.type === "FLOW_UPDATE"
  ) {
    return payloadProblem({ type: message.type, payload }) === undefined
  }
  return true
}

/** A whole text message as one `MESSAGE_START` frame carrying the text. */
export function createTextMessage(
  channel: HAIPChannel,
  text: string,
  author?: string,
  runId?: string,
  threadId?: string,
): HAIPMessage {
  const payload: Record<string, unknown> = { message_id: generateUUID(), text, channel }
  if (author !== undefined) payload.author = author
  const message: HAIPMessage = {
    id: generateUUID(),
    transaction: null,
    session: "",
    seq: "",
    ts: String(Date.now()),
    channel,
    type: "MESSAGE_START",
    payload,
  }
  if (runId !== undefined) message.run_id = runId
  if (threadId !== undefined) message.thread_id = threadId
  return message
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

/** Base64 of binary data, without Node's Buffer (browsers too). */
export function encodeBase64(data: ArrayBuffer | ArrayBufferView): string {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  let out = ""
  let index = 0
  for (; index + 2 < bytes.length; index += 3) {
    const chunk =
      ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0)
    out +=
      alphabet[(chunk >> 18) & 63]! +
      alphabet[(chunk >> 12) & 63]! +
      alphabet[(chunk >> 6) & 63]! +
      alphabet[chunk & 63]!
  }
  const rest = bytes.length - index
  if (rest === 1) {
    const chunk = (bytes[index] ?? 0) << 16
    out += `${alphabet[(chunk >> 18) & 63]}${alphabet[(chunk >> 12) & 63]}==`
  } else if (rest === 2) {
    const chunk = ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8)
    out += `${alphabet[(chunk >> 18) & 63]}${alphabet[(chunk >> 12) & 63]}${alphabet[(chunk >> 6) & 63]}=`
  }
  return out
}

const lookup = new Map([...alphabet].map((character, index) => [character, index]))

/** Binary data from base64 (standard or URL-safe); throws on characters outside the alphabet. */
export function parseBase64(text: string): ArrayBuffer {
  const clean = text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "")
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let buffer = 0
  let bits = 0
  let offset = 0
  for (const character of clean) {
    const value = lookup.get(character)
    if (value === undefined)
      throw new Error(`INVALID_ARGUMENT: "${character}" is not a base64 character.`)
    buffer = (buffer << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[offset++] = (buffer >> bits) & 0xff
    }
  }
  return bytes.buffer.slice(0, offset)
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

/** The helpers of the seed's guide, as one object. */
export const HAIPUtils = {
  validateMessage,
  createTextMessage,
  generateUUID,
  encodeBase64,
  parseBase64,
}
