/**
 * Ending a turn, the one way every adapter does it: each tool call still running gets a final
 * status, every open item gets its `item-done`, then `run-finished`. Pure: it returns the
 * events, the adapter emits them (and folds them, see {@link ItemFold}).
 */
import type {
  AdapterError,
  ChatEvent,
  ChatResponseItemType,
  RunFinishStatus,
  ToolCall,
} from "@aichatkit/types"

/** An item that had no `item-done` yet. */
export interface OpenItem {
  id: string
  type: ChatResponseItemType
}

/** Which run ends, how, and what a tool call still running becomes. */
export interface RunEnding {
  agentId: string
  runId: string
  status: RunFinishStatus
  /** The error of a run that ends in `error` (a generic one when absent). */
  error?: AdapterError
  /** The final fields of a tool call still running; by default, see {@link unfinishedToolCall}. */
  toolCall?: Partial<ToolCall>
}

const turnFailed: AdapterError = {
  code: "SERVER_ERROR",
  message: "The turn failed before the agent finished answering; try again.",
  retryable: true,
}

/** What a tool call still running becomes when its run ends `status`. */
export function unfinishedToolCall(status: RunFinishStatus): Partial<ToolCall> {
  if (status === "cancelled") return { status: "cancelled" }
  return {
    status: "error",
    error:
      status === "error"
        ? "The turn failed before the tool reported a result."
        : "The server ended the turn before the tool reported a result.",
  }
}

/** `item-done` for every open item, a tool call still running first given `toolCall`. */
export function closeOpenItems(
  open: Iterable<OpenItem>,
  run: { agentId: string; runId: string },
  toolCall: Partial<ToolCall>,
): ChatEvent[] {
  const { agentId, runId } = run
  const events: ChatEvent[] = []
  for (const item of open) {
    if (item.type === "tool_call") {
      events.push({
        type: "item-updated",
        agentId,
        runId,
        itemId: item.id,
        patch: { toolCall: { ...toolCall } },
      })
    }
    events.push({ type: "item-done", agentId, runId, itemId: item.id })
  }
  return events
}

/** The events that end a turn: open items closed (see {@link closeOpenItems}), then `run-finished`. */
export function endTurn(open: Iterable<OpenItem>, ending: RunEnding): ChatEvent[] {
  const { agentId, runId, status } = ending
  const events = closeOpenItems(
    open,
    { agentId, runId },
    ending.toolCall ?? unfinishedToolCall(status),
  )
  events.push(
    status === "error"
      ? { type: "run-finished", agentId, runId, status, error: ending.error ?? turnFailed }
      : { type: "run-finished", agentId, runId, status },
  )
  return events
}
