/**
 * What playing a turn takes, loaded (with a built-in dialect's code) when the adapter's first
 * agent starts rather than with the page: the request's body, the stream read, decoded and
 * folded into items, a session's history read from the server, and answers to tool calls.
 */
import { ItemFold, waitingToolCall } from "@aichatkit/network-adapter"
import {
  type AdapterError,
  type ChatEvent,
  type ChatResponseItem,
  MAX_MESSAGE_TEXT_LENGTH,
  type ToolCallItem,
  type ToolCallResponse,
} from "@aichatkit/types"
import { createStreamDecoder } from "./decode.js"
import { encodeBody } from "./encode.js"
import { deleteHistory, fetchHistory } from "./history.js"
import { HttpClient } from "./http.js"
import { answeredToolCall } from "./tool-answers.js"
import { TurnRunner, type TurnWire } from "./turn.js"
import type { DialectRequest, SSEAdapterOptions, SSEDialect } from "./types.js"

const now = () => new Date().toISOString()

const answerTooLong: AdapterError = {
  code: "PAYLOAD_TOO_LARGE",
  message: `The answer grew past ${MAX_MESSAGE_TEXT_LENGTH.toLocaleString("en-US")} characters, so the adapter stopped reading it; the part received is kept. Ask for a shorter answer.`,
  retryable: false,
}

/** One turn as the adapter hands it over. */
export interface PlayedTurn {
  agentId: string
  sessionId: string
  runId: string
  /** The JSON body from {@link TurnEngine.body}. */
  body: string
  signal: AbortSignal
  /** In a turn that goes on after an answer: the answered call (open again in this run). */
  answered?: ToolCallItem | undefined
  /** The adapter's connection status before the turn was `open`. */
  connected: boolean
  wire?: TurnWire | undefined
  /** Emits one event to the adapter's subscribers. */
  emit: (event: ChatEvent) => void
  /** Receives the turn's items when it ends, however it ends. */
  keep: (items: ChatResponseItem[]) => void
}

/** Plays turns of one adapter through its dialect. */
export class TurnEngine {
  readonly #options: SSEAdapterOptions
  readonly #dialect: SSEDialect<unknown>
  readonly #http: HttpClient
  readonly #runner: TurnRunner

  constructor(options: SSEAdapterOptions, dialect: SSEDialect<unknown>) {
    this.#options = options
    this.#dialect = dialect
    this.#http = new HttpClient(options)
    this.#runner = new TurnRunner(options, this.#http)
  }

  /** The JSON text POSTed for `request`; INVALID_INPUT when the body cannot be JSON. */
  body(request: DialectRequest): string {
    return encodeBody(this.#dialect, this.#options.body, request)
  }

  /** The waiting call `toolCallId` of `items` with `response` applied; a ChatError otherwise. */
  answer(
    items: readonly ChatResponseItem[],
    toolCallId: string,
    response: ToolCallResponse,
  ): ToolCallItem {
    return answeredToolCall(waitingToolCall(items, toolCallId, response), response)
  }

  /** Streams one turn to its end; resolves with the error it failed with, if any. */
  async play(turn: PlayedTurn): Promise<AdapterError | undefined> {
    const { agentId, runId, answered } = turn
    const items = new ItemFold()
    const emit = (event: ChatEvent) => {
      // An endless answer stops at the store's own limit instead of growing until it breaks.
      if (items.apply(event) === "text-too-long") return decoder.fail(answerTooLong)
      turn.emit(event)
    }
    const context = answered
      ? { agentId, runId, now, answered: { itemId: answered.id, toolCallId: answered.toolCall.id } }
      : { agentId, runId, now }
    const decoder = createStreamDecoder<unknown>({
      dialect: this.#dialect,
      state: this.#dialect.createState(context),
      onEvent: emit,
      ...(this.#options.maxEventBytes === undefined
        ? {}
        : { maxEventBytes: this.#options.maxEventBytes }),
    })
    emit({ type: "run-started", agentId, runId })
    // The answered call belongs to this run again: its next events (output, denial) update it.
    if (answered) emit({ type: "item-added", agentId, runId, item: structuredClone(answered) })
    try {
      return await this.#runner.run({
        agentId,
        sessionId: turn.sessionId,
        runId,
        body: turn.body,
        signal: turn.signal,
        decoder,
        dialect: this.#dialect,
        emit,
        connected: turn.connected,
        wire: turn.wire,
      })
    } finally {
      turn.keep(items.items())
    }
  }

  /** The session's items from `historyUrl`; none when the server does not know it yet. */
  history(
    historyUrl: NonNullable<SSEAdapterOptions["historyUrl"]>,
    sessionId: string,
  ): Promise<ChatResponseItem[]> {
    return fetchHistory(this.#http, historyUrl, this.#dialect, sessionId)
  }

  /** Deletes the session's history at `historyUrl`. */
  deleteHistory(
    historyUrl: NonNullable<SSEAdapterOptions["historyUrl"]>,
    sessionId: string,
  ): Promise<void> {
    return deleteHistory(this.#http, historyUrl, sessionId)
  }
}
