/**
 * The answer to a tool call, as the SSE adapter keeps it before the next request carries it:
 * the waiting call found in the transcript (or a clear ChatError), and the call with the
 * answer applied. Pure.
 */
import {
  ChatError,
  type ChatResponseItem,
  type ToolCall,
  type ToolCallItem,
  type ToolCallResponse,
} from "@aichatkit/types"

/** The call `toolCallId` when it waits for this kind of answer; a ChatError otherwise. */
export function waitingToolCall(
  items: readonly ChatResponseItem[],
  toolCallId: string,
  response: ToolCallResponse,
): ToolCallItem {
  const item = items.find(
    (candidate): candidate is ToolCallItem =>
      candidate.type === "tool_call" && candidate.toolCall.id === toolCallId,
  )
  if (!item) {
    throw new ChatError(
      "NOT_FOUND",
      `There is no tool call "${toolCallId}" in this conversation; it may have been cleared.`,
    )
  }
  const { status, approval } = item.toolCall
  const isApproval = typeof response === "object" && response !== null && "approved" in response
  const waits = isApproval
    ? status === "awaiting-approval" && approval === undefined
    : status === "pending" || status === "executing"
  if (!waits) {
    throw new ChatError(
      "INVALID_INPUT",
      `The tool call "${item.toolCall.name}" no longer waits for this answer.`,
    )
  }
  return item
}

/**
 * The call with the answer on it. An approval keeps the status `awaiting-approval` (with the
 * answer beside it) until the server's next events say what came of it.
 */
export function answeredToolCall(item: ToolCallItem, response: ToolCallResponse): ToolCallItem {
  let patch: Partial<ToolCall>
  if ("approved" in response) {
    patch = {
      approval:
        response.reason === undefined
          ? { approved: response.approved }
          : { approved: response.approved, reason: response.reason },
    }
  } else if ("output" in response) {
    patch = { status: "completed", result: response.output }
  } else {
    patch = { status: "error", error: response.error }
  }
  return { ...item, toolCall: { ...item.toolCall, ...patch } }
}
