/**
 * aichatkit `ChatEvent`s → HAIP frames, for a tool whose agent speaks in ChatEvents (the demo
 * server's, the adapter's test servers). The one encoder of that direction: `@aichatkit/haip-adapter`
 * decodes these frames back into the same items.
 */
import { toHAIPFile } from "@aichatkit/haip-wire"
import type { AudioChunkEvent, ChatEvent, RunFinishStatus, ToolCall } from "@aichatkit/types"
import type {
  HAIPOutgoingFrame,
  HAIPRunStatus,
  HAIPSessionTransaction,
  HAIPToolUpdateStatus,
} from "./types.js"

const updateStatus: Partial<Record<ToolCall["status"], HAIPToolUpdateStatus>> = {
  pending: "QUEUED",
  executing: "RUNNING",
}
const doneStatus: Partial<Record<ToolCall["status"], HAIPRunStatus>> = {
  completed: "OK",
  error: "ERROR",
  cancelled: "CANCELLED",
}
const runStatus: Record<RunFinishStatus, HAIPRunStatus> = {
  ok: "OK",
  cancelled: "CANCELLED",
  error: "ERROR",
}

/**
 * The frames of one turn's ChatEvents, pure apart from what it remembers of the turn. Messages
 * stream as MESSAGE_START/PART/END with the item id as `message_id` (a message's files in
 * MESSAGE_START's `attachments`); tool calls are TOOL_CALL /
 * TOOL_UPDATE / TOOL_DONE with the tool call's id as `call_id`; cards are a `MESSAGE` whose
 * payload is `{ type: "card", card }`; an `error` event is an ERROR (TOOL_EXECUTION_ERROR); a
 * call that waits for the client (`tool-response-requested`) is TOOL_UPDATE QUEUED with
 * `awaiting`. Run events give no frame: the server frames runs. One encoder per turn.
 */
export class ChatEventEncoder {
  /** Streamed messages still open: `item-done` ends only those with MESSAGE_END. */
  readonly #messages = new Set<string>()
  /** Tool-call item id → the call's id on the wire. */
  readonly #calls = new Map<string, string>()

  /** The frames for one event, in order. */
  encode(event: ChatEvent): HAIPOutgoingFrame[] {
    switch (event.type) {
      case "item-added":
        return this.#added(event.item)
      case "text-delta":
        return this.#messages.has(event.itemId)
          ? [agent("MESSAGE_PART", { message_id: event.itemId, text: event.delta })]
          : []
      case "item-updated": {
        const callId = this.#calls.get(event.itemId)
        return callId !== undefined && event.patch.toolCall
          ? toolFrames(callId, event.patch.toolCall)
          : []
      }
      case "item-done":
        return this.#messages.delete(event.itemId)
          ? [agent("MESSAGE_END", { message_id: event.itemId })]
          : []
      case "audio-chunk":
        return this.#messages.has(event.itemId) ? [audioFrame(event)] : []
      case "error":
        return [
          {
            type: "ERROR",
            channel: "SYSTEM",
            payload: { code: "TOOL_EXECUTION_ERROR", message: event.error.message },
          },
        ]
      case "tool-response-requested": {
        // The spec's TOOL_UPDATE (QUEUED: not running yet) with why it waits: `approval` (the
        // client answers with TOOL_UPDATE RUNNING or CANCELLING) or `output` (TOOL_DONE).
        const callId = this.#calls.get(event.itemId)
        return callId === undefined
          ? []
          : [agent("TOOL_UPDATE", { call_id: callId, status: "QUEUED", awaiting: event.awaiting })]
      }
      case "run-started":
      case "run-finished":
      case "connection-changed":
        return []
      default:
        // A new event kind fails to compile here until it has its frames.
        return event satisfies never
    }
  }

  #added(item: Extract<ChatEvent, { type: "item-added" }>["item"]): HAIPOutgoingFrame[] {
    if (item.type === "message") {
      this.#messages.add(item.id)
      const payload: Record<string, unknown> = { message_id: item.id, author: item.role }
      if (item.content !== "") payload.text = item.content
      // The agent's files go with the message's start, base64 or a link (see haip-wire's files).
      if (item.attachments?.length) payload.attachments = item.attachments.map(toHAIPFile)
      return [agent("MESSAGE_START", payload)]
    }
    if (item.type === "tool_call") {
      const { id: callId, name, arguments: params, status } = item.toolCall
      this.#calls.set(item.id, callId)
      const call = agent("TOOL_CALL", { call_id: callId, tool: name, params })
      return status === "pending" ? [call] : [call, ...toolFrames(callId, item.toolCall)]
    }
    return [agent("MESSAGE", { type: "card", card: item.card })]
  }
}

/**
 * Answers a turn with an agent's ChatEvents: each event's frames go out in the turn's run, and
 * `run-finished` finishes the run with its status. Between events it waits for room in the
 * send queue, so a slow or paused client slows the agent instead of filling memory.
 */
export async function sendChatEvents(
  client: HAIPSessionTransaction,
  events: AsyncIterable<ChatEvent>,
): Promise<void> {
  const encoder = new ChatEventEncoder()
  for await (const event of events) {
    if (event.type === "run-finished") {
      client.finish(runStatus[event.status], event.error?.message)
      return
    }
    for (const frame of encoder.encode(event)) client.send(frame)
    await client.whenWritable()
  }
}

function agent(type: HAIPOutgoingFrame["type"], payload: unknown): HAIPOutgoingFrame {
  return { type, channel: "AGENT", payload }
}

/** A chunk of a message's audio: AUDIO_CHUNK on AUDIO_OUT, base64 (our server announces no binary frames). */
function audioFrame(event: AudioChunkEvent): HAIPOutgoingFrame {
  const payload: Record<string, unknown> = {
    message_id: event.itemId,
    mime: event.mediaType,
    data: event.data,
  }
  if (event.durationMs !== undefined) payload.duration_ms = event.durationMs
  return { type: "AUDIO_CHUNK", channel: "AUDIO_OUT", payload }
}

function toolFrames(callId: string, patch: Partial<ToolCall>): HAIPOutgoingFrame[] {
  const done = patch.status ? doneStatus[patch.status] : undefined
  if (done) {
    const payload: Record<string, unknown> = { call_id: callId, status: done }
    if (patch.result !== undefined) payload.result = patch.result
    if (patch.error !== undefined) payload.error = patch.error
    return [agent("TOOL_DONE", payload)]
  }
  const status = patch.status
    ? updateStatus[patch.status]
    : patch.progress !== undefined
      ? "RUNNING"
      : undefined
  if (!status) return []
  const payload: Record<string, unknown> = { call_id: callId, status }
  if (patch.progress !== undefined) payload.progress = patch.progress
  return [agent("TOOL_UPDATE", payload)]
}
