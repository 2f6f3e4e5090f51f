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
import { createSSEFraming, ReplayFilter } from "./sse-framing.js"
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

/** What one decoder knows about its turn so far. */
interface DecoderStatus {
  ending: RunFinishedEvent | undefined
  reported: AdapterError | undefined
  failure: AdapterError | undefined
}

export function createStreamDecoder<State>(
  options: StreamDecoderOptions<State>,
): StreamDecoder<State> {
  const { dialect, state } = options
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES
  const status: DecoderStatus = { ending: undefined, reported: undefined, failure: undefined }
  const stopped = () => status.ending !== undefined || status.failure !== undefined
  const replay = new ReplayFilter()
  let dataListener: (() => void) | undefined
  const decode = (run: () => ChatEvent[]) => {
    let events: ChatEvent[]
    try {
      events = run()
    } catch (error) {
      // A user's dialect that throws must not take the stream down with an uncaught error.
      status.failure = dialectFailure(dialect.name, error)
      return
    }
    deliver(status, events, options.onEvent)
  }
  const tooLarge = () => {
    status.failure ??= {
      code: "PAYLOAD_TOO_LARGE",
      message: `The server sent an event larger than ${maxEventBytes} bytes (maxEventBytes); raise the limit if such events are expected.`,
      retryable: false,
    }
  }
  const framing = createSSEFraming({
    maxEventBytes,
    onTooLarge: tooLarge,
    onMessage(message: SSEMessage) {
      if (stopped()) return
      // The parser only limits what it buffers; an event that came in one chunk is checked here.
      if (message.data.length > maxEventBytes) return tooLarge()
      dataListener?.()
      if (!replay.seen(message)) decode(() => dialect.decode(state, message))
    },
  })
  return {
    push(chunk) {
      if (!stopped()) framing.feed(chunk)
    },
    end() {
      if (!stopped()) framing.end()
    },
    restart(mode = "continue") {
      replay.restart(mode)
      framing.restart()
    },
    state,
    get finished() {
      return status.ending !== undefined
    },
    get ending() {
      return status.ending
    },
    get reported() {
      return status.reported
    },
    get failure() {
      return status.failure
    },
    get lastEventId() {
      return replay.lastEventId
    },
    decodeJson(body) {
      if (stopped()) return
      const decodeJson = dialect.decodeJson
      if (decodeJson) return decode(() => decodeJson(state, body))
      status.failure = {
        code: "PROTOCOL_ERROR",
        message: `The server answered JSON, which the ${dialect.name} dialect does not read; check the url.`,
        retryable: false,
      }
    },
    onData(listener) {
      dataListener = listener
      return () => {
        if (dataListener === listener) dataListener = undefined
      }
    },
    fail(error) {
      if (status.ending === undefined) status.failure ??= error
    },
  }
}

/** Hands the dialect's events on, noting the turn's end and the errors the server reported. */
function deliver(
  status: DecoderStatus,
  events: ChatEvent[],
  onEvent: (event: ChatEvent) => void,
): void {
  for (const event of events) {
    if (event.type === "run-finished") status.ending ??= event
    else if (event.type === "error" && event.error.code !== "PROTOCOL_ERROR")
      status.reported = event.error
    onEvent(event)
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
