/**
 * A tool is what a transaction talks to. Subclass {@link HAIPTool}, give it a `schema()` and
 * a `handleMessage(client, message)`, and answer with the helpers below: whole text, streamed
 * text, tool calls with progress, cards, errors.
 */
import { randomUUID } from "node:crypto"
import { EventEmitter } from "node:events"
import type {
  HAIPFile,
  HAIPMessage,
  HAIPRunStatus,
  HAIPSessionTransaction,
  HAIPToolSchema,
  HAIPToolUpdateStatus,
} from "./types.js"

/** A card as `sendCard` puts it on the wire (the `@aichatkit/types` `Card` shape). */
export interface HAIPCard {
  id: string
  type: string
  title?: string
  content: Record<string, unknown>
  actions?: ReadonlyArray<{
    id: string
    label: string
    type: "button" | "link"
    action: string
    data?: Record<string, unknown>
  }>
}

/** A chunk of the client's audio, as {@link HAIPTool.handleAudio} gets it. */
export interface HAIPAudioChunk {
  /** The voice message it belongs to (the frame's `message_id`). */
  messageId: string
  /** Its media type as the client recorded it, e.g. `audio/webm;codecs=opus`. */
  mime: string
  data: Uint8Array
  durationMs?: number
}

/** The most bytes one audio chunk may decode to (the frame limit caps it further). */
const MAX_AUDIO_CHUNK_BYTES = 4 * 1024 * 1024

/** An AUDIO_CHUNK's payload as a {@link HAIPAudioChunk}, or why it is not one. */
export function decodeAudioChunk(frame: HAIPMessage): HAIPAudioChunk | string {
  const payload: Record<string, unknown> =
    typeof frame.payload === "object" && frame.payload !== null ? frame.payload : {}
  const field = (key: string) => (Object.hasOwn(payload, key) ? payload[key] : undefined)
  const messageId = field("message_id")
  const mime = field("mime")
  const data = field("data")
  if (typeof messageId !== "string" || messageId === "") return "AUDIO_CHUNK needs a message_id."
  if (typeof mime !== "string" || !mime.startsWith("audio/")) {
    return "AUDIO_CHUNK needs an audio/* mime."
  }
  if (typeof data !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) {
    return "AUDIO_CHUNK needs its data as base64 (this server takes no binary frames)."
  }
  if ((data.length * 3) / 4 > MAX_AUDIO_CHUNK_BYTES) {
    return `An AUDIO_CHUNK holds at most ${MAX_AUDIO_CHUNK_BYTES} bytes; send smaller chunks.`
  }
  const chunk: HAIPAudioChunk = {
    messageId,
    mime,
    data: new Uint8Array(Buffer.from(data, "base64")),
  }
  const duration = field("duration_ms")
  if (typeof duration === "number" && Number.isFinite(duration) && duration >= 0) {
    chunk.durationMs = duration
  }
  return chunk
}

/** The base class of every tool the server hosts. */
export abstract class HAIPTool extends EventEmitter {
  /** The tool's name (what `TRANSACTION_START{toolName}` asks for) and its input/output. */
  abstract schema(): HAIPToolSchema

  /**
   * Answers one client `MESSAGE` of a transaction. The run it opens finishes when the returned
   * promise settles (OK, or ERROR when it rejects), or earlier through `client.finish`.
   */
  abstract handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): unknown

  /**
   * Other data frames the client sends in a transaction (TOOL_DONE of a client tool...). An
   * `AUDIO_CHUNK` goes to {@link handleAudio} decoded; one it cannot decode gets an ERROR.
   */
  handleFrame(client: HAIPSessionTransaction, frame: HAIPMessage): void {
    if (frame.type !== "AUDIO_CHUNK") return
    const chunk = decodeAudioChunk(frame)
    if (typeof chunk === "string") {
      this.sendError(client, "PROTOCOL_VIOLATION", chunk)
      return
    }
    this.handleAudio(client, chunk)
  }

  /**
   * One chunk of the client's audio (a voice message), in the order sent, in the run its frames
   * name. The message the client sends in that run afterwards (`handleMessage`) ends it.
   */
  handleAudio(_client: HAIPSessionTransaction, _chunk: HAIPAudioChunk): void {}

  /** Sends a chunk of the agent's audio for a streamed message: AUDIO_CHUNK on AUDIO_OUT, base64. */
  sendAudioChunk(
    client: HAIPSessionTransaction,
    messageId: string,
    mime: string,
    data: Uint8Array,
    durationMs?: number,
  ): void {
    const payload: Record<string, unknown> = {
      message_id: messageId,
      mime,
      data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64"),
    }
    if (durationMs !== undefined) payload.duration_ms = durationMs
    client.send({ type: "AUDIO_CHUNK", channel: "AUDIO_OUT", payload })
  }

  /** Sends a whole text answer: one `MESSAGE` on AGENT whose payload is the text. */
  sendTextMessage(client: HAIPSessionTransaction, text: string): void {
    client.send({ type: "MESSAGE", channel: "AGENT", payload: text })
  }

  /**
   * Opens a streamed message; returns its `message_id`. `attachments` are the files the
   * message carries (`{ name, mime, size?, data | url }`, the bytes base64 in `data`).
   */
  startMessage(
    client: HAIPSessionTransaction,
    options: { messageId?: string; text?: string; author?: string; attachments?: HAIPFile[] } = {},
  ): string {
    const messageId = options.messageId ?? randomUUID()
    const payload: Record<string, unknown> = {
      message_id: messageId,
      author: options.author ?? "assistant",
    }
    if (options.text !== undefined) payload.text = options.text
    if (options.attachments?.length) payload.attachments = options.attachments
    client.send({ type: "MESSAGE_START", channel: "AGENT", payload })
    return messageId
  }

  /** Appends text to a streamed message. */
  sendMessagePart(client: HAIPSessionTransaction, messageId: string, text: string): void {
    client.send({
      type: "MESSAGE_PART",
      channel: "AGENT",
      payload: { message_id: messageId, text },
    })
  }

  /** Closes a streamed message. */
  endMessage(client: HAIPSessionTransaction, messageId: string, tokens?: number): void {
    const payload: Record<string, unknown> = { message_id: messageId }
    if (tokens !== undefined) payload.tokens = String(tokens)
    client.send({ type: "MESSAGE_END", channel: "AGENT", payload })
  }

  /** Streams text chunks as MESSAGE_START, MESSAGE_PART..., MESSAGE_END; stops when the run is cancelled. */
  async streamText(
    client: HAIPSessionTransaction,
    chunks: AsyncIterable<string> | Iterable<string>,
  ): Promise<string> {
    const messageId = this.startMessage(client)
    try {
      for await (const chunk of chunks) {
        if (client.signal.aborted) break
        this.sendMessagePart(client, messageId, chunk)
        await client.whenWritable()
      }
    } finally {
      this.endMessage(client, messageId)
    }
    return messageId
  }

  /** Sends a card: a `MESSAGE` on AGENT whose payload is `{ type: "card", card }`. */
  sendCard(client: HAIPSessionTransaction, card: HAIPCard): void {
    client.send({ type: "MESSAGE", channel: "AGENT", payload: { type: "card", card } })
  }

  /** Announces a tool call the agent makes; returns its `call_id`. */
  callTool(
    client: HAIPSessionTransaction,
    tool: string,
    params: Record<string, unknown> = {},
    callId: string = randomUUID(),
  ): string {
    client.send({ type: "TOOL_CALL", channel: "AGENT", payload: { call_id: callId, tool, params } })
    return callId
  }

  /** Reports a tool call's progress (0 to 100) and optional partial result. */
  updateTool(
    client: HAIPSessionTransaction,
    callId: string,
    status: HAIPToolUpdateStatus,
    progress?: number,
    partial?: unknown,
  ): void {
    const payload: Record<string, unknown> = { call_id: callId, status }
    if (progress !== undefined) payload.progress = Math.max(0, Math.min(100, progress))
    if (partial !== undefined) payload.partial = partial
    client.send({ type: "TOOL_UPDATE", channel: "AGENT", payload })
  }

  /** Completes a tool call with its result, or with an error message. */
  completeTool(
    client: HAIPSessionTransaction,
    callId: string,
    status: HAIPRunStatus = "OK",
    result?: unknown,
    error?: string,
  ): void {
    const payload: Record<string, unknown> = { call_id: callId, status }
    if (result !== undefined) payload.result = result
    if (error !== undefined) payload.error = error
    client.send({ type: "TOOL_DONE", channel: "AGENT", payload })
  }

  /** Sends an ERROR in the turn's transaction (e.g. TOOL_EXECUTION_ERROR) without ending the run. */
  sendError(
    client: HAIPSessionTransaction,
    code: string,
    message: string,
    detail?: Record<string, unknown>,
  ): void {
    const payload: Record<string, unknown> = { code, message }
    if (detail !== undefined) payload.detail = detail
    client.send({ type: "ERROR", channel: "SYSTEM", payload })
  }

  /** Ends the turn's run now (RUN_FINISHED with this status). */
  finishRun(client: HAIPSessionTransaction, status: HAIPRunStatus = "OK", summary?: string): void {
    client.finish(status, summary)
  }
}
