/**
 * What each frame type's payload must hold: the fields the client reads, the statuses and
 * progress the spec allows. Pure; a problem is a sentence, never a throw.
 */
import { decimalField, isRecord } from "./envelope.js"
import { HAIP_CHANNELS, type HAIPEventType, type HAIPMessage } from "./types.js"

const channels: ReadonlySet<string> = new Set(HAIP_CHANNELS)

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
export function statusWarning(frame: HAIPMessage): string | undefined {
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
  return payloadChecks.get(type)?.(type, payload, strict)
}

/** Why a payload (an object) does not fit `type`; `strict` for frames we send, not received ones. */
type PayloadCheck = (
  type: HAIPEventType,
  payload: Record<string, unknown>,
  strict: boolean,
) => string | undefined

const streamedMessage: PayloadCheck = (type, payload, strict) => {
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
}

const toolCall: PayloadCheck = (_type, payload) => {
  if (!stringField(payload, "call_id")) return "The TOOL_CALL frame has no call_id."
  if (!stringField(payload, "tool")) return "The TOOL_CALL frame has no tool name."
  return undefined
}

const toolUpdate: PayloadCheck = (_type, payload, strict) => {
  if (!stringField(payload, "call_id")) return "The TOOL_UPDATE frame has no call_id."
  if (!strict) return undefined
  if (!toolUpdateStatuses.has(payload.status as string))
    return "The TOOL_UPDATE status is not QUEUED, RUNNING or CANCELLING."
  const progress = payload.progress
  if (
    progress !== undefined &&
    (typeof progress !== "number" || !(progress >= 0 && progress <= 100))
  ) {
    return "The TOOL_UPDATE progress is not a number from 0 to 100."
  }
  return undefined
}

const toolDone: PayloadCheck = (_type, payload, strict) => {
  if (!stringField(payload, "call_id")) return "The TOOL_DONE frame has no call_id."
  if (strict && payload.status !== undefined && !doneStatuses.has(payload.status as string)) {
    return "The TOOL_DONE status is not OK, CANCELLED or ERROR."
  }
  return undefined
}

const toolCancel: PayloadCheck = (_type, payload) =>
  stringField(payload, "call_id") ? undefined : "The TOOL_CANCEL frame has no call_id."

const runFinished: PayloadCheck = (_type, payload, strict) =>
  strict && payload.status !== undefined && !doneStatuses.has(payload.status as string)
    ? "The RUN_FINISHED status is not OK, CANCELLED or ERROR."
    : undefined

const flowUpdate: PayloadCheck = (_type, payload) => {
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
}

const replayRequest: PayloadCheck = (_type, payload) =>
  decimalField(payload.from_seq) == null
    ? "The REPLAY_REQUEST frame has no decimal from_seq."
    : undefined

const serverError: PayloadCheck = (_type, payload) =>
  typeof payload.code === "string" ? undefined : "The ERROR frame has no code."

/** The checks by frame type (a Map: the type comes from the wire). Other types carry anything. */
const payloadChecks = new Map<string, PayloadCheck>([
  ["MESSAGE_START", streamedMessage],
  ["MESSAGE_PART", streamedMessage],
  ["MESSAGE_END", streamedMessage],
  ["TOOL_CALL", toolCall],
  ["TOOL_UPDATE", toolUpdate],
  ["TOOL_DONE", toolDone],
  ["TOOL_CANCEL", toolCancel],
  ["RUN_FINISHED", runFinished],
  ["FLOW_UPDATE", flowUpdate],
  ["REPLAY_REQUEST", replayRequest],
  ["ERROR", serverError],
])
