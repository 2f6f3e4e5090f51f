/** `HAIPUtils` as the seed's messaging guide uses it. */
import { encodeBase64, parseBase64 } from "./base64.js"
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
