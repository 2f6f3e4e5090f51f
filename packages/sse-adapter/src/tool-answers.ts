/**
 * The answer to a tool call, as the SSE adapter keeps it before the next request carries it:
 * the call with the answer applied (the waiting call is found by `waitingToolCall` of
 * @aichatkit/network-adapter). Pure.
 */
import type { ToolCall, ToolCallItem, ToolCallResponse } from "@aichatkit/types"

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
