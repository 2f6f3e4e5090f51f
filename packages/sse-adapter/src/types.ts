import type { UploadFunction } from "@aichatkit/network-adapter"
import type { Attachment, ChatEvent, ChatResponseItem } from "@aichatkit/types"
import type { DialectName } from "./dialects/built-in.js"

/** One event of a `text/event-stream`, as the SSE parser hands it over. */
export interface SSEMessage {
  /** The `event:` field; `undefined` for unnamed events. */
  event?: string | undefined
  /** The `data:` lines, joined with `\n`. */
  data: string
  /** The `id:` field, when the server sent one (what `Last-Event-ID` resumes from). */
  id?: string | undefined
}

/** What a dialect needs to know about the turn it decodes. */
export interface TurnContext {
  agentId: string
  /** The adapter's id for this turn; every event carries it. */
  runId: string
  /** The time new items are stamped with (ISO 8601); injectable so tables stay exact. */
  now: () => string
  /** In a turn that goes on after the answer to a tool call: that call (its item is open again). */
  answered?: { itemId: string; toolCallId: string } | undefined
}

/** One user turn, as the request encoder sees it. */
export interface DialectRequest {
  /** The user's text. */
  message: string
  /** The conversation's id on the server (Haira's `session_id`, AG-UI's `threadId`). */
  sessionId: string
  runId: string
  /** The conversation so far, without the new message. */
  history: readonly ChatResponseItem[]
  /**
   * No new user message: the turn goes on after the answer to a tool call, which `history`
   * already holds (`respondToToolCall`). Only dialects with `answersToolCalls` get one.
   */
  continuation?: boolean
  /** The new message's files, each with a URL the server can read (data URLs, or uploaded). */
  attachments?: readonly Attachment[]
}

/** Why the adapter closes a turn the stream did not finish. */
export type InterruptReason = "cancelled" | "connection-lost" | "failed"

/**
 * A wire dialect: a pure decoder from SSE events to `ChatEvent`s, plus the encoder of the
 * request that starts a turn. Implement it to speak a server the built-in dialects don't.
 *
 * The decoder keeps everything it remembers about one stream in `State`, created by
 * `createState` and passed to every call, so the same input always gives the same output.
 */
export interface SSEDialect<State = unknown> {
  /** Short name for errors and logs ("haira", "ai-sdk", "ag-ui"). */
  readonly name: string
  /** The JSON body of the POST that starts a turn. */
  encodeRequest(request: DialectRequest): unknown
  /** Fresh per-stream state for one turn. */
  createState(context: TurnContext): State
  /**
   * Decodes one SSE event. A `run-finished` event among the results ends the turn; an
   * `error` event without one reports a problem and the stream goes on.
   */
  decode(state: State, message: SSEMessage): ChatEvent[]
  /**
   * Closes what is still open (streaming messages, running tools) when the turn ends
   * without the stream saying so. The adapter emits `run-finished` itself afterwards.
   */
  interrupt(state: State, reason: InterruptReason): ChatEvent[]
  /** Decodes a JSON answer (a server's non-streaming fallback); absent: JSON is an error. */
  decodeJson?(state: State, body: unknown): ChatEvent[]
  /** Decodes the body of `historyUrl` into items; absent: the body must be `ChatResponseItem[]`. */
  decodeHistory?(body: unknown, context: { sessionId: string }): ChatResponseItem[]
  /**
   * Whether a stream resumed through a reconnect endpoint starts again from its first
   * event (the AI SDK's does); the decoder then starts from fresh state.
   */
  readonly resumeReplaysFromStart?: boolean
  /**
   * Whether `encodeRequest` sends `history` (the whole conversation each turn): then the
   * adapter can branch (edit a message, regenerate an answer) by sending the chosen history.
   */
  readonly sendsHistory?: boolean
  /**
   * Whether the dialect carries answers to tool calls (approvals, browser tools' output) in a
   * `continuation` request: the adapter then offers `respondToToolCall`.
   */
  readonly answersToolCalls?: boolean
}

/** How a dropped stream is picked up again. */
export interface ReconnectOptions {
  /** Tries before the turn fails (default 2). */
  attempts?: number
  /** Wait before the first try, doubled for each next one, in ms (default 250). */
  delayMs?: number
  /**
   * A GET endpoint that resumes a session's running stream, like the AI SDK's
   * `${api}/${chatId}/stream` (204: nothing to resume). Without it, resuming needs the
   * server's `id:` lines and re-sends the request with `Last-Event-ID`.
   */
  resumeUrl?: string | ((sessionId: string) => string)
}

/** Options of {@link SSEAdapter}. */
export interface SSEAdapterOptions {
  /** The endpoint that streams a turn (Haira: the workflow's path). */
  url: string
  /** The wire form: a built-in dialect's name or your own {@link SSEDialect} (default "haira"). */
  // biome-ignore lint/suspicious/noExplicitAny: a user's dialect keeps its own state type.
  dialect?: DialectName | SSEDialect<any>
  /** Headers sent with every request. */
  headers?: Record<string, string>
  /** Headers computed per request (a fresh token), merged over `headers`. */
  getHeaders?: () => Record<string, string> | Promise<Record<string, string>>
  /** Extra body fields merged into the dialect's body, or a function returning the whole body. */
  body?: Record<string, unknown> | ((request: DialectRequest, body: unknown) => unknown)
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof globalThis.fetch
  /**
   * Uploads a file the user sends and resolves with its URL; the request then carries the URL
   * instead of the bytes. The Haira dialect sends files only through it (its body has no place
   * for bytes); AI SDK and AG-UI inline the bytes as data URLs without it. It is handed the turn's `signal` and an `onProgress(loaded, total)` to report the
   * upload's progress, which reaches `sendMessage`'s `onUploadProgress` (the UI's bar).
   */
  upload?: UploadFunction
  /** The largest file the user may send, in bytes (default 20 MB). */
  maxAttachmentBytes?: number
  /** Where a session's stored items are read (Haira: `…/_api/chats`, the session id appended, or `{id}` replaced). */
  historyUrl?: string | ((sessionId: string) => string)
  /** Resuming dropped streams; `false` turns it off. */
  reconnect?: false | ReconnectOptions
  /** Largest SSE event accepted, in bytes of text (default 8 MiB). */
  maxEventBytes?: number
  /**
   * How long a turn may go without receiving data, in ms, before it ends with TIMEOUT (default
   * 60,000; 0 never times out). Keep-alive comments do not count as data.
   */
  idleTimeoutMs?: number
}
