/**
 * The spec's frames the client sends, built: pure, one function per frame type (the client's
 * methods send them). Optional fields are left out rather than sent as undefined.
 */
import type {
  HAIPChannel,
  HAIPOutgoingMessage,
  HAIPRunStatus,
  HAIPToolUpdateStatus,
} from "./types.js"

/** `message` with the run and thread ids that are given. */
export function withIds(
  message: HAIPOutgoingMessage,
  runId?: string,
  threadId?: string,
): HAIPOutgoingMessage {
  if (runId !== undefined) message.run_id = runId
  if (threadId !== undefined) message.thread_id = threadId
  return message
}

/** `RUN_STARTED` for `runId`. */
export function runStartedFrame(
  runId: string,
  threadId?: string,
  metadata?: Record<string, unknown>,
): HAIPOutgoingMessage {
  const payload: Record<string, unknown> = {}
  if (threadId !== undefined) payload.thread_id = threadId
  if (metadata !== undefined) payload.metadata = metadata
  const message: HAIPOutgoingMessage = {
    type: "RUN_STARTED",
    channel: "SYSTEM",
    payload,
    run_id: runId,
  }
  if (threadId !== undefined) message.thread_id = threadId
  return message
}

/** A whole text message: `MESSAGE_START` with the text, then `MESSAGE_END`. */
export function textMessageFrames(
  channel: HAIPChannel,
  messageId: string,
  text: string,
  author?: string,
): [start: HAIPOutgoingMessage, end: HAIPOutgoingMessage] {
  const start: Record<string, unknown> = { message_id: messageId, text }
  if (author !== undefined) start.author = author
  return [
    { type: "MESSAGE_START", channel, payload: start },
    { type: "MESSAGE_END", channel, payload: { message_id: messageId } },
  ]
}

/** `TOOL_UPDATE`: a tool call's progress. */
export function toolUpdateFrame(
  channel: HAIPChannel,
  callId: string,
  status: HAIPToolUpdateStatus,
  progress?: number,
  partial?: unknown,
): HAIPOutgoingMessage {
  const payload: Record<string, unknown> = { call_id: callId, status }
  if (progress !== undefined) payload.progress = progress
  if (partial !== undefined) payload.partial = partial
  return { type: "TOOL_UPDATE", channel, payload }
}

/** `TOOL_DONE`: a tool call completed. */
export function toolDoneFrame(
  channel: HAIPChannel,
  callId: string,
  status: HAIPRunStatus,
  result?: unknown,
): HAIPOutgoingMessage {
  const payload: Record<string, unknown> = { call_id: callId, status }
  if (result !== undefined) payload.result = result
  return { type: "TOOL_DONE", channel, payload }
}

/** `TOOL_CANCEL`: asks for a tool call to be cancelled. */
export function toolCancelFrame(
  channel: HAIPChannel,
  callId: string,
  reason?: string,
): HAIPOutgoingMessage {
  const payload: Record<string, unknown> = { call_id: callId }
  if (reason !== undefined) payload.reason = reason
  return { type: "TOOL_CANCEL", channel, payload }
}

/** `REPLAY_REQUEST`: frames `fromSeq`..`toSeq` again. */
export function replayRequestFrame(
  fromSeq: string,
  toSeq?: string,
  transaction?: string,
): HAIPOutgoingMessage {
  const payload: Record<string, unknown> = { from_seq: fromSeq }
  if (toSeq !== undefined) payload.to_seq = toSeq
  const message: HAIPOutgoingMessage = { type: "REPLAY_REQUEST", channel: "SYSTEM", payload }
  if (transaction !== undefined) message.transaction = transaction
  return message
}

/** `AUDIO_CHUNK` with the data base64-encoded in the payload. */
export function audioChunkFrame(
  channel: HAIPChannel,
  messageId: string,
  mime: string,
  base64: string,
  durationMs?: number,
): HAIPOutgoingMessage {
  const payload: Record<string, unknown> = { message_id: messageId, mime, data: base64 }
  if (durationMs !== undefined) payload.duration_ms = durationMs
  return { type: "AUDIO_CHUNK", channel, payload }
}
