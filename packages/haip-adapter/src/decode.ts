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
  type AdapterError,
  type ChatEvent,
  type ChatResponseItem,
  chatResponseItemProblem,
  type ErrorCode,
  type MessageRole,
  type ToolCall,
} from "@aichatkit/types"

/** What a frame is decoded against. */
export interface DecodeContext {
  agentId: string
  runId?: string
  /** ISO time for items the frame creates (called only for frames that create one). */
  now: () => string
}

const errorCodes: Record<string, ErrorCode> = {
  AUTHENTICATION_FAILED: "AUTHENTICATION_FAILED",
  FAILED_AUTH: "AUTHENTICATION_FAILED",
  RATE_LIMITED: "RATE_LIMITED",
  RUN_LIMIT_EXCEEDED: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FLOW_CONTROL_VIOLATION: "FLOW_CONTROL",
  FLOW_CONTROL: "FLOW_CONTROL",
  INSUFFICIENT_CREDITS: "FLOW_CONTROL",
  RESUME_FAILED: "RESUME_FAILED",
  REPLAY_TOO_OLD: "RESUME_FAILED",
  TOOL_EXECUTION_ERROR: "TOOL_EXECUTION_ERROR",
  TOOL_NOT_FOUND: "NOT_FOUND",
  TRANSACTION_NOT_FOUND: "NOT_FOUND",
  PROTOCOL_VIOLATION: "PROTOCOL_ERROR",
  INVALID_MESSAGE: "PROTOCOL_ERROR",
  UNSUPPORTED_TYPE: "PROTOCOL_ERROR",
  SEQ_VIOLATION: "PROTOCOL_ERROR",
  VERSION_INCOMPATIBLE: "PROTOCOL_ERROR",
  "NOT HAI": "PROTOCOL_ERROR",
  CONNECTION_FAILED: "CONNECTION_FAILED",
  NOT_CONNECTED: "CONNECTION_FAILED",
  CONNECTION_LOST: "CONNECTION_LOST",
  HANDSHAKE_TIMEOUT: "TIMEOUT",
  TIMEOUT: "TIMEOUT",
  TRANSACTION_CLOSED: "AGENT_NOT_RUNNING",
  CANCELLED: "CANCELLED",
}

const retryableCodes: ReadonlySet<ErrorCode> = new Set([
  "CONNECTION_FAILED",
  "CONNECTION_LOST",
  "TIMEOUT",
  "RATE_LIMITED",
  "RESUME_FAILED",
  "SERVER_ERROR",
  "FLOW_CONTROL",
])

/** The `ErrorCode` for a HAIP error code (ours, the spec's or the reference server's). */
export function errorCodeFor(haipCode: string): ErrorCode {
  // The code comes from the wire: an own property only ("constructor" is no error code).
  return Object.hasOwn(errorCodes, haipCode) ? (errorCodes[haipCode] as ErrorCode) : "SERVER_ERROR"
}

/** A HAIP error as an {@link AdapterError}. */
export function adapterErrorFor(haipCode: string, message: string): AdapterError {
  const code = errorCodeFor(haipCode)
  return { code, message, retryable: retryableCodes.has(code) }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function roleOf(author: unknown): MessageRole {
  return author === "user" || author === "system" ? author : "assistant"
}

const toolStatus = {
  QUEUED: "pending",
  RUNNING: "executing",
  CANCELLING: "executing",
} as const

const doneStatus = { OK: "completed", ERROR: "error", CANCELLED: "cancelled" } as const

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
  const base =
    context.runId === undefined
      ? { agentId: context.agentId }
      : { agentId: context.agentId, runId: context.runId }
  const payload = isRecord(frame.payload) ? frame.payload : {}
  switch (frame.type) {
    case "MESSAGE_START": {
      if (frame.channel === "USER") return []
      const item: ChatResponseItem = {
        id: String(payload.message_id),
        type: "message",
        role: roleOf(payload.author),
        content: typeof payload.text === "string" ? payload.text : "",
        timestamp: context.now(),
      }
      return [{ type: "item-added", ...base, item }]
    }
    case "MESSAGE_PART":
      if (frame.channel === "USER") return []
      return [
        {
          type: "text-delta",
          ...base,
          itemId: String(payload.message_id),
          delta: String(payload.text),
        },
      ]
    case "MESSAGE_END": {
      if (frame.channel === "USER") return []
      const itemId = String(payload.message_id)
      const events: ChatEvent[] = []
      // The seed's guide puts the last text in MESSAGE_END.
      if (typeof payload.text === "string" && payload.text !== "")
        events.push({ type: "text-delta", ...base, itemId, delta: payload.text })
      events.push({ type: "item-done", ...base, itemId })
      return events
    }
    case "MESSAGE":
      if (frame.channel === "USER") return []
      return decodeWholeMessage(frame, context, base)
    case "TOOL_CALL": {
      const callId = String(payload.call_id)
      const toolCall: ToolCall = {
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
          item: { id: callId, type: "tool_call", toolCall, timestamp: context.now() },
        },
      ]
    }
    case "TOOL_UPDATE": {
      const patch: Partial<ToolCall> = {
        status: toolStatus[payload.status as keyof typeof toolStatus] ?? "executing",
      }
      if (typeof payload.progress === "number") patch.progress = payload.progress
      return [
        {
          type: "item-updated",
          ...base,
          itemId: String(payload.call_id),
          patch: { toolCall: patch },
        },
      ]
    }
    case "TOOL_DONE": {
      const itemId = String(payload.call_id)
      const status = doneStatus[payload.status as keyof typeof doneStatus] ?? "completed"
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
    case "ERROR":
    case "RUN_ERROR": {
      const code = typeof payload.code === "string" ? payload.code : "SERVER_ERROR"
      const message =
        typeof payload.message === "string" && payload.message !== ""
          ? payload.message
          : "The server reported an error without a message."
      return [{ type: "error", ...base, error: adapterErrorFor(code, message) }]
    }
    default:
      return []
  }
}

function decodeWholeMessage(
  frame: HAIPMessage,
  context: DecodeContext,
  base: { agentId: string; runId?: string },
): ChatEvent[] {
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
  const item: ChatResponseItem = {
    id: frame.id,
    type: "message",
    role: "assistant",
    content: textOf(payload),
    timestamp: context.now(),
  }
  return [
    { type: "item-added", ...base, item },
    { type: "item-done", ...base, itemId: frame.id },
  ]
}
