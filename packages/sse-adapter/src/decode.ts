/**
 * Bytes of a `text/event-stream` to `ChatEvent`s: the SSE framing (see sse-framing.ts), the
 * events of a resumed stream already decoded skipped, then a dialect.
 */
import {
  type AdapterError,
  type ChatEvent,
  type RunFinishedEvent,
  toAdapterError,
} from "@aichatkit/types"
import { createSSEFraming, ReplayFilter, type SSEFraming } from "./sse-framing.js"
import type { SSEDialect, SSEMessage } from "./types.js"

/** The default limit of one SSE event: 8 MiB of text. */
export const DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024

export interface StreamDecoderOptions<State> {
  dialect: SSEDialect<State>
  state: State
  /** Largest event accepted, in characters of decoded text (bytes, for ASCII). */
  maxEventBytes?: number
  /** Receives every decoded event, in order. */
  onEvent: (event: ChatEvent) => void
}

/** Feeds a byte stream through the SSE parser and a dialect. */
export interface StreamDecoder<State> {
  /** Decodes one chunk of bytes; ignored once the turn ended or failed. */
  push(chunk: Uint8Array | string): void
  /** The stream ended: decodes what is left (an event without its blank line is dropped). */
  end(): void
  /**
   * Starts reading a new connection (a resume), keeping the dialect's state. With
   * `replay`, the new connection starts again from the first event: the events already
   * decoded are skipped, so nothing is emitted twice.
   */
  restart(mode?: "continue" | "replay"): void
  /** The dialect's state. */
  readonly state: State
  /** A `run-finished` came: the turn is over. */
  readonly finished: boolean
  /** Why decoding stopped before the turn ended (an event over the size limit). */
  readonly failure: AdapterError | undefined
  /** The last `id:` the server sent, for `Last-Event-ID`. */
  readonly lastEventId: string | undefined
  /** The `run-finished` the dialect produced, once it did. */
  readonly ending: RunFinishedEvent | undefined
  /** The last error the server reported in the stream (not a malformed event). */
  readonly reported: AdapterError | undefined
  /** Decodes a JSON answer through the dialect's `decodeJson` (a PROTOCOL_ERROR without one). */
  decodeJson(body: unknown): void
  /** Stops decoding with `error` (a timeout, an answer past its limit); the first one stays. */
  fail(error: AdapterError): void
  /**
   * Calls `listener` for every SSE event that carries data, replayed ones included (comments
   * and keep-alives do not count). Returns the function that stops it.
   */
  onData(listener: () => void): () => void
}

/** Feeds a byte stream through the SSE framing and a dialect (see {@link StreamDecoder}). */
export function createStreamDecoder<State>(
  options: StreamDecoderOptions<State>,
): StreamDecoder<State> {
  return new SSEStreamDecoder(options)
}

class SSEStreamDecoder<State> implements StreamDecoder<State> {
  readonly state: State
  ending: RunFinishedEvent | undefined
  reported: AdapterError | undefined
  failure: AdapterError | undefined
  readonly #dialect: SSEDialect<State>
  readonly #onEvent: (event: ChatEvent) => void
  readonly #maxEventBytes: number
  readonly #replay = new ReplayFilter()
  readonly #framing: SSEFraming
  #dataListener: (() => void) | undefined

  constructor(options: StreamDecoderOptions<State>) {
    this.state = options.state
    this.#dialect = options.dialect
    this.#onEvent = options.onEvent
    this.#maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES
    this.#framing = createSSEFraming({
      maxEventBytes: this.#maxEventBytes,
      onTooLarge: () => this.#tooLarge(),
      onMessage: (message) => this.#handle(message),
    })
  }

  get finished(): boolean {
    return this.ending !== undefined
  }

  get lastEventId(): string | undefined {
    return this.#replay.lastEventId
  }

  push(chunk: Uint8Array | string): void {
    if (!this.#stopped()) this.#framing.feed(chunk)
  }

  end(): void {
    if (!this.#stopped()) this.#framing.end()
  }

  restart(mode: "continue" | "replay" = "continue"): void {
    this.#replay.restart(mode)
    this.#framing.restart()
  }

  decodeJson(body: unknown): void {
    if (this.#stopped()) return
    const decodeJson = this.#dialect.decodeJson
    if (decodeJson) {
      this.#decode(() => decodeJson(this.state, body))
      return
    }
    this.failure = {
      code: "PROTOCOL_ERROR",
      message: `The server answered JSON, which the ${this.#dialect.name} dialect does not read; check the url.`,
      retryable: false,
    }
  }

  fail(error: AdapterError): void {
    if (this.ending === undefined) this.failure ??= error
  }

  onData(listener: () => void): () => void {
    this.#dataListener = listener
    return () => {
      if (this.#dataListener === listener) this.#dataListener = undefined
    }
  }

  #stopped(): boolean {
    return this.ending !== undefined || this.failure !== undefined
  }

  #handle(message: SSEMessage): void {
    if (this.#stopped()) return
    // The parser only limits what it buffers; an event that came in one chunk is checked here.
    if (message.data.length > this.#maxEventBytes) {
      this.#tooLarge()
      return
    }
    this.#dataListener?.()
    if (!this.#replay.seen(message)) this.#decode(() => this.#dialect.decode(this.state, message))
  }

  #decode(run: () => ChatEvent[]): void {
    let events: ChatEvent[]
    try {
      events = run()
    } catch (error) {
      // A user's dialect that throws must not take the stream down with an uncaught error.
      this.failure = dialectFailure(this.#dialect.name, error)
      return
    }
    for (const event of events) {
      if (event.type === "run-finished") this.ending ??= event
      else if (event.type === "error" && event.error.code !== "PROTOCOL_ERROR")
        this.reported = event.error
      this.#onEvent(event)
    }
  }

  #tooLarge(): void {
    this.failure ??= {
      code: "PAYLOAD_TOO_LARGE",
      message: `The server sent an event larger than ${this.#maxEventBytes} bytes (maxEventBytes); raise the limit if such events are expected.`,
      retryable: false,
    }
  }
}

function dialectFailure(dialectName: string, error: unknown): AdapterError {
  const cause = toAdapterError(error, "PROTOCOL_ERROR")
  return {
    code: "PROTOCOL_ERROR",
    message: `The ${dialectName} dialect could not decode the server's answer: ${cause.message}`,
    retryable: false,
    cause: error,
  }
}
