/**
 * Calls → HAIP frames, pure: what the adapter sends, and (for tools and tests) how a turn's
 * ChatEvents go on the wire so that {@link decodeFrame} gives them back.
 */
import type { HAIPOutgoingMessage } from "@aichatkit/haip-client"
import type { ChatEvent, ToolCall } from "@aichatkit/types"

/** A chat turn: `MESSAGE` on USER whose payload is the text itself. */
export function encodeUserMessage(text: string): HAIPOutgoingMessage {
  return { type: "MESSAGE", channel: "USER", payload: text }
}

/** Cancels a run (`RUN_CANCEL` with the envelope `run_id`). */
export function encodeRunCancel(runId: string): HAIPOutgoingMessage {
  return { type: "RUN_CANCEL", channel: "SYSTEM", payload: { run_id: runId }, run_id: runId }
}

/** Cancels one tool call (`TOOL_CANCEL`). */
export function encodeToolCancel(callId: string): HAIPOutgoingMessage {
  return { type: "TOOL_CANCEL", channel: "USER", payload: { call_id: callId } }
}

/** A frame as a tool sends it (the server fills in the envelope). */
export interface ToolFrame {
  type: HAIPOutgoingMessage["type"]
  channel: "AGENT" | "SYSTEM"
  payload: unknown
}

const updateStatus: Partial<Record<ToolCall["status"], "QUEUED" | "RUNNING">> = {
  pending: "QUEUED",
  executing: "RUNNING",
}
const doneStatus: Partial<Record<ToolCall["status"], "OK" | "ERROR" | "CANCELLED">> = {
  completed: "OK",
  error: "ERROR",
  cancelled: "CANCELLED",
}

/**
 * The frames a HAIP tool sends for the ChatEvents of its turn. Messages stream as
 * MESSAGE_START/PART/END with the item id as `message_id`; tool calls are TOOL_CALL /
 * TOOL_UPDATE / TOOL_DONE with the item id as `call_id`; cards are a `MESSAGE` whose payload
 * is `{ type: "card", card }`. Run events need no frame (the server frames runs). It keeps
 * which items are streamed messages, so `item-done` becomes MESSAGE_END only for those.
 */
export class TurnEncoder {
  readonly #messages = new Set<string>()

  /** The frames for one event, in order. */
  encode(event: ChatEvent): ToolFrame[] {
    switch (event.type) {
      case "item-added": {
        const item = event.item
        if (item.type === "message") {
          this.#messages.add(item.id)
          const payload: Record<string, unknown> = { message_id: item.id, author: item.role }
          if (item.content !== "") payload.text = item.content
          return [{ type: "MESSAGE_START", channel: "AGENT", payload }]
        }
        if (item.type === "tool_call") {
          const call: ToolFrame = {
            type: "TOOL_CALL",
            channel: "AGENT",
            payload: {
              call_id: item.id,
              tool: item.toolCall.name,
              params: item.toolCall.arguments,
            },
          }
          return item.toolCall.status === "pending"
            ? [call]
            : [call, ...toolFrames(item.id, item.toolCall)]
        }
        return [{ type: "MESSAGE", channel: "AGENT", payload: { type: "card", card: item.card } }]
      }
      case "text-delta":
        return this.#messages.has(event.itemId)
          ? [
              {
                type: "MESSAGE_PART",
                channel: "AGENT",
                payload: { message_id: event.itemId, text: event.delta },
              },
            ]
          : []
      case "item-updated":
        return event.patch.toolCall ? toolFrames(event.itemId, event.patch.toolCall) : []
      case "item-done":
        return this.#messages.delete(event.itemId)
          ? [{ type: "MESSAGE_END", channel: "AGENT", payload: { message_id: event.itemId } }]
          : []
      case "error":
        return [
          {
            type: "ERROR",
            channel: "SYSTEM",
            payload: { code: "TOOL_EXECUTION_ERROR", message: event.error.message },
          },
        ]
      default:
        return []
    }
  }
}

function toolFrames(callId: string, patch: Partial<ToolCall>): ToolFrame[] {
  const done = patch.status ? doneStatus[patch.status] : undefined
  if (done) {
    const payload: Record<string, unknown> = { call_id: callId, status: done }
    if (patch.result !== undefined) payload.result = patch.result
    if (patch.error !== undefined) payload.error = patch.error
    return [{ type: "TOOL_DONE", channel: "AGENT", payload }]
  }
  const status = patch.status
    ? updateStatus[patch.status]
    : patch.progress !== undefined
      ? "RUNNING"
      : undefined
  if (!status) return []
  const payload: Record<string, unknown> = { call_id: callId, status }
  if (patch.progress !== undefined) payload.progress = patch.progress
  return [{ type: "TOOL_UPDATE", channel: "AGENT", payload }]
}
