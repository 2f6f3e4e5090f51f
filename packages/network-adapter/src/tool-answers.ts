/**
 * The check every adapter makes before it sends the answer to a tool call: the call is in the
 * transcript and still waits for this kind of answer. Pure; a clear ChatError otherwise.
 */
import {
  ChatError,
  type ChatResponseItem,
  type ToolCallItem,
  type ToolCallResponse,
} from "@aichatkit/types"

/**
 * The call `toolCallId` when it waits for this kind of answer: an approval for a call
 * `awaiting-approval` that holds no answer yet, an output or an error for a call `pending` or
 * `executing` (a tool the page runs). `NOT_FOUND` or `INVALID_INPUT` otherwise.
 */
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
