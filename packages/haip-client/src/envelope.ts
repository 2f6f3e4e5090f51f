/**
 * The envelope of a received frame, taken as real peers fill it. The reference server's `seq`
 * is a timestamp followed by base-36 letters, the reference SDK's a decimal timestamp, ours a
 * counter: `seq` is kept as opaque text, and only a decimal one is ever compared. A field a peer
 * fills in a way the client did not expect is put right where that is safe and reported as a
 * warning; the frame itself is still delivered.
 */
import { generateUUID } from "./ids.js"
import { HAIP_CHANNELS, type HAIPChannel, type HAIPMessage } from "./types.js"

const channels: ReadonlySet<string> = new Set(HAIP_CHANNELS)
const decimal = /^\d{1,20}$/

/** A plain object (not null, not an array): what a payload or envelope must be to be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** Whether a seq is a decimal counter value (the only kind the client orders by). */
export function isDecimalSeq(seq: string): boolean {
  return decimal.test(seq)
}

/** A decimal field as text: `undefined` when absent, `null` when present but not decimal. */
export function decimalField(value: unknown): string | undefined | null {
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value)
  if (typeof value === "string" && decimal.test(value)) return value
  return null
}

/** The channel a frame of `type` from the server belongs on when it names none we know. */
function fallbackChannel(type: string): HAIPChannel {
  return type === "MESSAGE" ||
    type.startsWith("MESSAGE_") ||
    type.startsWith("TOOL_") ||
    type.startsWith("AUDIO")
    ? "AGENT"
    : "SYSTEM"
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40))
  return value === null ? "null" : typeof value
}

/**
 * Normalises the envelope of a parsed frame in place (no copy on the hot path) and returns
 * the warnings about fields it had to put right, or `undefined` when there were none.
 */
export function normaliseEnvelope(
  value: Record<string, unknown>,
  type: string,
): string[] | undefined {
  let warnings: string[] | undefined
  const warn = (text: string) => {
    warnings ??= []
    warnings.push(`The ${type} frame's ${text}`)
  }
  const frame = value as unknown as HAIPMessage

  if (typeof value.id === "number" && Number.isFinite(value.id)) {
    frame.id = String(value.id)
  } else if (typeof value.id !== "string" || value.id === "") {
    warn(`id is ${describeValue(value.id)}; it was given one, so a repeat of it is not recognised.`)
    frame.id = generateUUID()
  }

  const channel = value.channel
  if (channel === undefined) frame.channel = "SYSTEM"
  else if (typeof channel !== "string" || !channels.has(channel)) {
    const upper = typeof channel === "string" ? channel.toUpperCase() : ""
    frame.channel = channels.has(upper) ? (upper as HAIPChannel) : fallbackChannel(type)
    warn(`channel ${describeValue(channel)} is not a HAIP channel; taken as ${frame.channel}.`)
  }

  const transaction = value.transaction
  if (transaction === undefined || transaction === null || transaction === "null") {
    frame.transaction = null
  } else if (typeof transaction === "number") {
    frame.transaction = String(transaction)
  } else if (typeof transaction !== "string") {
    warn(`transaction is ${describeValue(transaction)}; taken as none.`)
    frame.transaction = null
  }

  // Opaque text: any string is a seq; a number is written as decimal text.
  const seq = value.seq
  if (typeof seq === "number" && Number.isSafeInteger(seq) && seq >= 0) frame.seq = String(seq)
  else if (seq === undefined || seq === null) frame.seq = ""
  else if (typeof seq !== "string") {
    warn(`seq is ${describeValue(seq)}; the frame is taken without one.`)
    frame.seq = ""
  }

  const ack = decimalField(value.ack)
  if (ack === null) warn(`ack ${describeValue(value.ack)} is not a decimal number; it was ignored.`)
  if (ack === undefined || ack === null) delete frame.ack
  else frame.ack = ack

  if (typeof value.session !== "string") {
    if (value.session !== undefined && value.session !== null)
      warn(`session is ${describeValue(value.session)}; taken as none.`)
    frame.session = ""
  }
  frame.ts =
    typeof value.ts === "string" ? value.ts : typeof value.ts === "number" ? String(value.ts) : ""
  if (value.payload === undefined) frame.payload = {}
  else if (value.payload === null && type !== "MESSAGE") {
    warn("payload is null; taken as {}.")
    frame.payload = {}
  }
  for (const key of ["run_id", "thread_id", "bin_mime"] as const) {
    const field = value[key]
    if (field === undefined || typeof field === "string") continue
    warn(`${key} is ${describeValue(field)}; it was ignored.`)
    delete frame[key]
  }
  if (value.bin_len !== undefined && typeof value.bin_len !== "number") {
    warn(`bin_len is ${describeValue(value.bin_len)}; it was ignored.`)
    delete frame.bin_len
  }
  return warnings
}
