/**
 * The answer to a tool call over HAIP, pure: the waiting call found in the transcript (or a
 * clear ChatError), and the frame that carries the answer in the run it opens. An approval is
 * the spec's TOOL_UPDATE (RUNNING: go on; CANCELLING: denied) with `approved` and `reason`; a
 * browser tool's answer is TOOL_DONE (OK with `result`, ERROR with `error`) from the client.
 */
import type { HAIPOutgoingMessage } from "@aichatkit/haip-client"
import {
  ChatError,
  type ChatResponseItem,
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
  const status = item.toolCall.status
  const isApproval = typeof response === "object" && response !== null && "approved" in response
  const waits = isApproval
    ? status === "awaiting-approval"
    : status === "pending" || status === "executing"
  if (!waits) {
    throw new ChatError(
      "INVALID_INPUT",
      `The tool call "${item.toolCall.name}" no longer waits for this answer.`,
    )
  }
  return item
}

/** The frame that answers `toolCallId`, in the run `runId` it opens on the server. */
export function encodeToolAnswer(
  toolCallId: string,
  response: ToolCallResponse,
  runId: string,
): HAIPOutgoingMessage {
  if ("approved" in response) {
    const payload: Record<string, unknown> = {
      call_id: toolCallId,
      status: response.approved ? "RUNNING" : "CANCELLING",
      approved: response.approved,
    }
    if (response.reason !== undefined) payload.reason = response.reason
    return { type: "TOOL_UPDATE", channel: "USER", payload, run_id: runId }
  }
  const payload =
    "output" in response
      ? { call_id: toolCallId, status: "OK", result: response.output ?? null }
      : { call_id: toolCallId, status: "ERROR", error: response.error }
  return { type: "TOOL_DONE", channel: "USER", payload, run_id: runId }
}
