/**
 * Calls → HAIP frames, pure: what the adapter sends. (The other direction, a turn's ChatEvents
 * as a server sends them, is `@aichatkit/haip-server`'s `ChatEventEncoder`.)
 */
import { type HAIPOutgoingMessage, HAIPUtils, toHAIPFile } from "@aichatkit/haip-client"
import type { Attachment } from "@aichatkit/types"

/**
 * A chat turn: `MESSAGE` on USER whose payload is the text itself (as the reference SDK sends
 * it), or `{ text, attachments }` when files go with it.
 */
export function encodeUserMessage(
  text: string,
  attachments: readonly Attachment[] = [],
): HAIPOutgoingMessage {
  if (attachments.length === 0) return { type: "MESSAGE", channel: "USER", payload: text }
  return {
    type: "MESSAGE",
    channel: "USER",
    payload: { text, attachments: attachments.map(toHAIPFile) },
  }
}

/**
 * A chunk of the user's voice message: `AUDIO_CHUNK` on AUDIO_IN in the voice message's run,
 * base64 in the payload (the spec's form for a server that announced no binary frames).
 */
export function encodeAudioChunk(
  runId: string,
  messageId: string,
  mime: string,
  data: ArrayBuffer,
): HAIPOutgoingMessage {
  return {
    type: "AUDIO_CHUNK",
    channel: "AUDIO_IN",
    run_id: runId,
    payload: { message_id: messageId, mime, data: HAIPUtils.encodeBase64(data) },
  }
}

/** The end of a voice message: its `MESSAGE` (the text typed with it, or none) in its run. */
export function encodeVoiceMessageEnd(runId: string, text: string): HAIPOutgoingMessage {
  return { type: "MESSAGE", channel: "USER", payload: text, run_id: runId }
}

/** Cancels a run (`RUN_CANCEL` with the envelope `run_id`). */
export function encodeRunCancel(runId: string): HAIPOutgoingMessage {
  return { type: "RUN_CANCEL", channel: "SYSTEM", payload: { run_id: runId }, run_id: runId }
}

/** Cancels one tool call (`TOOL_CANCEL`). */
export function encodeToolCancel(callId: string): HAIPOutgoingMessage {
  return { type: "TOOL_CANCEL", channel: "USER", payload: { call_id: callId } }
}
