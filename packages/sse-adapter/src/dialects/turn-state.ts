/**
 * What every dialect remembers about one stream, and the event builders they share: open
 * items, how the turn ends, and errors for input that does not fit.
 */
import { closeOpenItems, endTurn, type OpenItem } from "@aichatkit/network-adapter"
import type { AdapterError, Attachment, ChatEvent, ErrorCode, ToolCall } from "@aichatkit/types"
import type { InterruptReason, SSEMessage, TurnContext } from "../types.js"

type OpenKind = "message" | "tool_call" | "card"

/** The per-stream state the built-in dialects extend. */
export interface TurnState extends TurnContext {
  /** Items that had no `item-done` yet, in the order they opened. */
  open: Map<string, OpenKind>
  /** Counter for the item ids this turn makes up. */
  counter: number
  /** Set once the stream said the turn is over; later events are ignored. */
  finished: boolean
  /** The error the stream reported, which makes the ending `error`. */
  failure?: AdapterError
}

/** `answered`: the tool call a continuation goes on from, open again for this turn. */
export function createTurnState(
  context: TurnContext,
  answered?: { itemId: string } | undefined,
): TurnState {
  return {
    agentId: context.agentId,
    runId: context.runId,
    now: context.now,
    open: new Map(answered ? [[answered.itemId, "tool_call"]] : []),
    counter: 0,
    finished: false,
  }
}

/** A fresh item id, unique within the turn and stable for the same input. */
export function makeItemId(state: TurnState, kind: string): string {
  state.counter += 1
  return `${state.runId}-${kind}-${state.counter}`
}

/** Opens an assistant message that text deltas will fill (empty, or with `content` and files). */
export function openMessage(
  state: TurnState,
  itemId: string,
  content = "",
  attachments?: Attachment[],
): ChatEvent {
  state.open.set(itemId, "message")
  return {
    type: "item-added",
    agentId: state.agentId,
    runId: state.runId,
    item: {
      id: itemId,
      type: "message",
      role: "assistant",
      content,
      timestamp: state.now(),
      ...(attachments && { attachments }),
    },
  }
}

export function textDelta(state: TurnState, itemId: string, delta: string): ChatEvent {
  return { type: "text-delta", agentId: state.agentId, runId: state.runId, itemId, delta }
}

export function openToolCall(state: TurnState, itemId: string, toolCall: ToolCall): ChatEvent {
  state.open.set(itemId, "tool_call")
  return {
    type: "item-added",
    agentId: state.agentId,
    runId: state.runId,
    item: { id: itemId, type: "tool_call", toolCall, timestamp: state.now() },
  }
}

export function updateToolCall(
  state: TurnState,
  itemId: string,
  toolCall: Partial<ToolCall>,
): ChatEvent {
  return {
    type: "item-updated",
    agentId: state.agentId,
    runId: state.runId,
    itemId,
    patch: { toolCall },
  }
}

/** `item-done` for an open item; nothing for one already closed (duplicates change nothing). */
export function closeItem(state: TurnState, itemId: string): ChatEvent[] {
  if (!state.open.delete(itemId)) return []
  return [{ type: "item-done", agentId: state.agentId, runId: state.runId, itemId }]
}

/** Closes every open message (a tool call or a card follows the text before it). */
export function closeMessages(state: TurnState): ChatEvent[] {
  const events: ChatEvent[] = []
  for (const [itemId, kind] of state.open) {
    if (kind === "message") events.push(...closeItem(state, itemId))
  }
  return events
}

const toolEndings: Record<InterruptReason | "finished", Partial<ToolCall>> = {
  cancelled: { status: "cancelled" },
  "connection-lost": {
    status: "error",
    error: "The connection dropped before the tool reported a result.",
  },
  failed: { status: "error", error: "The turn failed before the tool reported a result." },
  finished: {
    status: "error",
    error: "The server ended the turn before the tool reported a result.",
  },
}

/** The open items, in the order they opened, taken out of `state.open` (they are being closed). */
function takeOpen(state: TurnState): OpenItem[] {
  const open = [...state.open].map(([id, type]) => ({ id, type }))
  state.open.clear()
  return open
}

/** Closes every open item; tool calls still running end as the reason says. */
export function closeAll(state: TurnState, reason: InterruptReason | "finished"): ChatEvent[] {
  return closeOpenItems(takeOpen(state), state, toolEndings[reason])
}

/** Ends the turn as the stream says: open items closed, then `run-finished` (network-adapter's endTurn). */
export function finishTurn(state: TurnState, ending: "ok" | "error" | "cancelled"): ChatEvent[] {
  if (state.finished) return []
  state.finished = true
  const status =
    ending === "cancelled" ? "cancelled" : ending === "error" || state.failure ? "error" : "ok"
  const toolCall = toolEndings[ending === "cancelled" ? "cancelled" : "finished"]
  const { agentId, runId } = state
  return endTurn(takeOpen(state), {
    agentId,
    runId,
    status,
    error: state.failure ?? serverFailure(undefined),
    toolCall,
  })
}

/** The error a server reported, as the user sees it. */
export function serverFailure(message: string | undefined, cause?: unknown): AdapterError {
  const text = message?.trim()
  return {
    code: "SERVER_ERROR",
    message: text
      ? `The agent reported an error: ${text}`
      : "The agent reported an error without a message; try again.",
    retryable: true,
    ...(cause === undefined ? {} : { cause }),
  }
}

/** Records the server's error and reports it as an `error` event; the turn then ends in error. */
export function failTurn(state: TurnState, error: AdapterError): ChatEvent {
  state.failure ??= error
  return { type: "error", agentId: state.agentId, runId: state.runId, error }
}

/** An `error` event for input the dialect cannot use; the stream goes on. */
export function problem(
  state: TurnState,
  code: ErrorCode,
  message: string,
  cause?: unknown,
): ChatEvent {
  return {
    type: "error",
    agentId: state.agentId,
    runId: state.runId,
    error: { code, message, retryable: false, ...(cause === undefined ? {} : { cause }) },
  }
}

/** Parses an event's JSON `data`; on failure, the `error` event that says so. */
export function parseData(
  state: TurnState,
  dialect: string,
  message: SSEMessage,
): { value: unknown } | { error: ChatEvent } {
  try {
    return { value: JSON.parse(message.data) }
  } catch {
    const preview = message.data.length > 80 ? `${message.data.slice(0, 80)}…` : message.data
    return {
      error: problem(
        state,
        "PROTOCOL_ERROR",
        `Skipped a ${dialect} event${message.event ? ` "${message.event}"` : ""} whose data is not JSON (${JSON.stringify(preview)}); the server sent a malformed event.`,
        message,
      ),
    }
  }
}

/** Whether an event's data is the `[DONE]` sentinel. */
export function isDoneSentinel(data: string): boolean {
  return data === "[DONE]" || (data.length < 16 && data.trim() === "[DONE]")
}

export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** A tool's arguments as an object: JSON text is parsed, anything else is wrapped. */
export function toArguments(value: unknown): Record<string, unknown> {
  if (isObject(value)) return value
  if (typeof value === "string") {
    if (value.trim() === "") return {}
    try {
      const parsed: unknown = JSON.parse(value)
      return isObject(parsed) ? parsed : { input: parsed }
    } catch {
      return { input: value }
    }
  }
  return value === undefined || value === null ? {} : { input: value }
}
