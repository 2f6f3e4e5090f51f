/**
 * Calls → HAIP frames, pure: what the adapter sends. (The other direction, a turn's ChatEvents
 * as a server sends them, is `@aichatkit/haip-server`'s `ChatEventEncoder`.)
 */
import type { HAIPOutgoingMessage } from "@aichatkit/haip-client"

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
