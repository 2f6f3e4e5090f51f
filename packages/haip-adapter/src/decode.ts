/**
 * HAIP frames → ChatEvents, pure. One frame of an agent's transaction becomes the item
 * events it describes; run boundaries are not decoded here (the turn tracker decides when a
 * turn is over, for servers with and without run events).
 *
 * Item ids: a streamed message is its `message_id`, a tool call its `call_id`, a whole
 * `MESSAGE` (text or card) the frame's `id` — all stable when the server replays the frame.
 */
import type { HAIPMessage } from "@aichatkit/haip-client"
import {
  type ChatEvent,
  type ChatResponseItem,
  chatResponseItemProblem,
  type MessageRole,
  type ToolCall,
} from "@aichatkit/types"
import { adapterErrorFor } from "./errors.js"
import { receivedFiles } from "./files.js"

/** What a frame is decoded against. */
export interface DecodeContext {
  agentId: string
  runId?: string
  /** ISO time for items the frame creates (called only for frames that create one). */
  now: () => string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function roleOf(author: unknown): MessageRole {
  return author === "user" || author === "system" ? author : "assistant"
}

const toolStatus = new Map<unknown, ToolCall["status"]>([
  ["QUEUED", "pending"],
  ["RUNNING", "executing"],
  ["CANCELLING", "executing"],
])

const doneStatus = new Map<unknown, ToolCall["status"]>([
  ["OK", "completed"],
  ["ERROR", "error"],
  ["CANCELLED", "cancelled"],
])

/** The scope every event of the frame carries. */
type Base = { agentId: string; runId?: string }
/** Decodes one frame type: the frame, its payload as a record (`{}` when it is none). */
type Decoder = (
  frame: HAIPMessage,
  payload: Record<string, unknown>,
  context: DecodeContext,
  base: Base,
) => ChatEvent[]

/** The text of a whole MESSAGE payload that is not a card: strings as they are, else readable JSON. */
function textOf(payload: unknown): string {
  if (typeof payload === "string") return payload
  if (isRecord(payload)) {
    if (typeof payload.text === "string") return payload.text
    if (typeof payload.content === "string") return payload.content
  }
  if (payload === undefined || payload === null) return ""
  return typeof payload === "object" ? JSON.stringify(payload) : String(payload)
}

/** Decodes one frame of an agent's transaction into the events it describes. */
export function decodeFrame(frame: HAIPMessage, context: DecodeContext): ChatEvent[] {
  // The type comes from the wire: a Map lookup, never the prototype's.
  const decoder = decoders.get(frame.type)
  if (decoder === undefined) return []
  // What the user's own side of the transaction sends is not the answer.
  if (frame.channel === "USER" && userEchoes.has(frame.type)) return []
  const base: Base =
    context.runId === undefined
      ? { agentId: context.agentId }
      : { agentId: context.agentId, runId: context.runId }
  return decoder(frame, isRecord(frame.payload) ? frame.payload : {}, context, base)
}

const userEchoes: ReadonlySet<string> = new Set([
  "MESSAGE",
  "MESSAGE_START",
  "MESSAGE_PART",
  "MESSAGE_END",
])

const messageStart: Decoder = (_frame, payload, context, base) => {
  const id = String(payload.message_id)
  const { attachments, errors } = receivedFiles(payload, id, base)
  const item: ChatResponseItem = {
    id,
    type: "message",
    role: roleOf(payload.author),
    content: typeof payload.text === "string" ? payload.text : "",
    timestamp: context.now(),
    ...(attachments.length > 0 ? { attachments } : {}),
  }
  return [...errors, { type: "item-added", ...base, item }]
}

const messagePart: Decoder = (_frame, payload, _context, base) => [
  { type: "text-delta", ...base, itemId: String(payload.message_id), delta: String(payload.text) },
]

const messageEnd: Decoder = (_frame, payload, _context, base) => {
  const itemId = String(payload.message_id)
  const events: ChatEvent[] = []
  // The seed's guide puts the last text in MESSAGE_END.
  if (typeof payload.text === "string" && payload.text !== "")
    events.push({ type: "text-delta", ...base, itemId, delta: payload.text })
  events.push({ type: "item-done", ...base, itemId })
  return events
}

const toolCall: Decoder = (_frame, payload, context, base) => {
  const callId = String(payload.call_id)
  const call: ToolCall = {
    id: callId,
    name: String(payload.tool),
    arguments: isRecord(payload.params)
      ? payload.params
      : payload.params === undefined
        ? {}
        : { value: payload.params },
    status: "pending",
  }
  return [
    {
      type: "item-added",
      ...base,
      item: { id: callId, type: "tool_call", toolCall: call, timestamp: context.now() },
    },
  ]
}

const toolUpdate: Decoder = (_frame, payload, _context, base) => {
  const itemId = String(payload.call_id)
  const patch: Partial<ToolCall> = { status: toolStatus.get(payload.status) ?? "executing" }
  if (typeof payload.progress === "number") patch.progress = payload.progress
  const events: ChatEvent[] = [
    { type: "item-updated", ...base, itemId, patch: { toolCall: patch } },
  ]
  // Our servers' TOOL_UPDATE for a call that waits for the client: its approval, or its output.
  const awaiting = payload.awaiting
  if (awaiting === "approval" || awaiting === "output")
    events.push({ type: "tool-response-requested", ...base, itemId, awaiting })
  return events
}

const toolDone: Decoder = (_frame, payload, _context, base) => {
  const itemId = String(payload.call_id)
  const status = doneStatus.get(payload.status) ?? "completed"
  const patch: Partial<ToolCall> = { status }
  if (payload.result !== undefined) patch.result = payload.result
  if (status === "completed") patch.progress = 100
  if (status === "error") {
    patch.error =
      typeof payload.error === "string" && payload.error !== ""
        ? payload.error
        : "The tool failed without saying why."
  }
  return [
    { type: "item-updated", ...base, itemId, patch: { toolCall: patch } },
    { type: "item-done", ...base, itemId },
  ]
}

const serverError: Decoder = (_frame, payload, _context, base) => {
  const code = typeof payload.code === "string" ? payload.code : "SERVER_ERROR"
  const message =
    typeof payload.message === "string" && payload.message !== ""
      ? payload.message
      : "The server reported an error without a message."
  return [{ type: "error", ...base, error: adapterErrorFor(code, message) }]
}

const wholeMessage: Decoder = (frame, _payload, context, base) => {
  const payload = frame.payload
  if (isRecord(payload) && payload.type === "card") {
    const item = { id: frame.id, type: "card", card: payload.card, timestamp: context.now() }
    const problem = chatResponseItemProblem(item)
    if (problem !== undefined) {
      return [
        {
          type: "error",
          ...base,
          error: {
            code: "PROTOCOL_ERROR",
            message: `The server sent a card that is not valid (${problem}); it was left out.`,
            retryable: false,
          },
        },
      ]
    }
    return [
      { type: "item-added", ...base, item: item as ChatResponseItem },
      { type: "item-done", ...base, itemId: frame.id },
    ]
  }
  // `{ text, attachments }`: a whole message with files, the shape the user's side sends.
  const files = isRecord(payload) ? payload : {}
  const { attachments, errors } = receivedFiles(files, frame.id, base)
  const content =
    isRecord(payload) && Object.hasOwn(payload, "attachments") && typeof payload.text !== "string"
      ? ""
      : textOf(payload)
  // Nothing left to show (every file refused, no text): only the errors.
  if (content === "" && attachments.length === 0 && errors.length > 0) return errors
  const item: ChatResponseItem = {
    id: frame.id,
    type: "message",
    role: "assistant",
    content,
    timestamp: context.now(),
    ...(attachments.length > 0 ? { attachments } : {}),
  }
  return [
    ...errors,
    { type: "item-added", ...base, item },
    { type: "item-done", ...base, itemId: frame.id },
  ]
}

const base64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The agent's audio (AUDIO_CHUNK, base64 in the payload) for the streamed message it names. */
const audioChunk: Decoder = (frame, payload, _context, base) => {
  // The user's own recording (AUDIO_IN) is not the answer.
  if (frame.channel === "AUDIO_IN") return []
  const { message_id: itemId, mime, data, duration_ms: durationMs } = payload
  if (typeof itemId !== "string" || typeof mime !== "string" || !mime.startsWith("audio/")) {
    return [unreadableAudio(base, "it names no message or no audio/* mime")]
  }
  if (typeof data !== "string" || data === "" || !base64.test(data)) {
    return [unreadableAudio(base, "its data is not base64")]
  }
  const event: ChatEvent = { type: "audio-chunk", ...base, itemId, mediaType: mime, data }
  if (typeof durationMs === "number" && Number.isFinite(durationMs) && durationMs >= 0)
    event.durationMs = durationMs
  return [event]
}

function unreadableAudio(base: Base, why: string): ChatEvent {
  return {
    type: "error",
    ...base,
    error: {
      code: "PROTOCOL_ERROR",
      message: `The server sent audio the client cannot play (${why}); it was left out.`,
      retryable: false,
    },
  }
}

const decoders = new Map<string, Decoder>([
  ["AUDIO_CHUNK", audioChunk],
  ["MESSAGE_START", messageStart],
  ["MESSAGE_PART", messagePart],
  ["MESSAGE_END", messageEnd],
  ["MESSAGE", wholeMessage],
  ["TOOL_CALL", toolCall],
  ["TOOL_UPDATE", toolUpdate],
  ["TOOL_DONE", toolDone],
  ["ERROR", serverError],
  ["RUN_ERROR", serverError],
])
