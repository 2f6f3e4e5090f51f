/**
 * The answer to a tool call over HAIP, pure: the frame that carries it in the run it opens
 * (the waiting call is found by `waitingToolCall` of @aichatkit/network-adapter). An approval is
 * the spec's TOOL_UPDATE (RUNNING: go on; CANCELLING: denied) with `approved` and `reason`; a
 * browser tool's answer is TOOL_DONE (OK with `result`, ERROR with `error`) from the client.
 */
import type { HAIPOutgoingMessage } from "@aichatkit/haip-client"
import type { ToolCallResponse } from "@aichatkit/types"

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
