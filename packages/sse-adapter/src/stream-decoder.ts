/**
 * Bytes of a `text/event-stream` to `ChatEvent`s: UTF-8 decoding across chunk boundaries,
 * `eventsource-parser` for the SSE framing (CRLF/LF, comments, keep-alives), then a dialect.
 */
import {
  type AdapterError,
  type ChatEvent,
  type RunFinishedEvent,
  toAdapterError,
} from "@aichatkit/types"
import { createParser, type EventSourceParser } from "eventsource-parser"
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

export function createStreamDecoder<State>(
  options: StreamDecoderOptions<State>,
): StreamDecoder<State> {
  const { dialect, onEvent } = options
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES
  const state = options.state
  let ending: RunFinishedEvent | undefined
  let reported: AdapterError | undefined
  let failure: AdapterError | undefined
  let lastEventId: string | undefined
  let decodedCount = 0
  let skip = 0
  /** Ids of the events decoded so far, and whether a resumed stream is replaying them. */
  const decodedIds = new Set<string>()
  let resumed = false
  let dataListener: (() => void) | undefined
  let replaying = false
  let text = new TextDecoder()

  const deliver = (events: ChatEvent[]) => {
    for (const event of events) {
      if (event.type === "run-finished") ending ??= event
      else if (event.type === "error" && event.error.code !== "PROTOCOL_ERROR")
        reported = event.error
      onEvent(event)
    }
  }
  const dialectFailed = (error: unknown) => {
    // A user's dialect that throws must not take the stream down with an uncaught error.
    const cause = toAdapterError(error, "PROTOCOL_ERROR")
    failure = {
      code: "PROTOCOL_ERROR",
      message: `The ${dialect.name} dialect could not decode the server's answer: ${cause.message}`,
      retryable: false,
      cause: error,
    }
  }
  const tooLarge = () => {
    failure ??= {
      code: "PAYLOAD_TOO_LARGE",
      message: `The server sent an event larger than ${maxEventBytes} bytes (maxEventBytes); raise the limit if such events are expected.`,
      retryable: false,
    }
  }
  const handle = (message: SSEMessage) => {
    if (ending || failure) return
    // The parser only limits what it buffers; an event that came in one chunk is checked here.
    if (message.data.length > maxEventBytes) return tooLarge()
    dataListener?.()
    if (skip > 0) {
      skip -= 1
      return
    }
    if (isReplayed(message)) return
    decodedCount += 1
    if (message.id !== undefined) {
      lastEventId = message.id
      decodedIds.add(message.id)
    }
    let events: ChatEvent[]
    try {
      events = dialect.decode(state, message)
    } catch (error) {
      return dialectFailed(error)
    }
    deliver(events)
  }

  /**
   * A server asked to resume with `Last-Event-ID` may replay from its first event instead:
   * an id decoded before is skipped, and so is every event without an id that follows it,
   * until an id not seen yet shows where the new events start.
   */
  const isReplayed = (message: SSEMessage): boolean => {
    if (!resumed) return false
    if (message.id === undefined || message.id === "") return replaying
    replaying = decodedIds.has(message.id)
    return replaying
  }

  const createSSEParser = (): EventSourceParser =>
    createParser({
      maxBufferSize: maxEventBytes,
      onEvent: handle,
      onError(error) {
        if (error.type === "max-buffer-size-exceeded") tooLarge()
      },
    })
  let parser = createSSEParser()
  let endsWithCR = false
  const feed = (chunk: string) => {
    if (chunk === "") return
    endsWithCR = chunk.charCodeAt(chunk.length - 1) === 13
    parser.feed(chunk)
  }

  return {
    push(chunk) {
      if (ending || failure) return
      feed(typeof chunk === "string" ? chunk : text.decode(chunk, { stream: true }))
    },
    end() {
      if (ending || failure) return
      const rest = text.decode()
      if (rest) feed(rest)
      // The parser waits to see whether a final CR is half of a CRLF: at the end, it is not.
      // (An event without its blank line stays unfinished and is dropped, as EventSource does.)
      if (endsWithCR && !ending && !failure) parser.feed("\n")
    },
    restart(mode = "continue") {
      skip = mode === "replay" ? decodedCount : 0
      resumed = mode === "continue"
      replaying = false
      text = new TextDecoder()
      parser = createSSEParser()
      endsWithCR = false
    },
    get state() {
      return state
    },
    get finished() {
      return ending !== undefined
    },
    get ending() {
      return ending
    },
    get reported() {
      return reported
    },
    decodeJson(body) {
      if (ending || failure) return
      const decodeJson = dialect.decodeJson
      if (!decodeJson) {
        failure = {
          code: "PROTOCOL_ERROR",
          message: `The server answered JSON, which the ${dialect.name} dialect does not read; check the url.`,
          retryable: false,
        }
        return
      }
      try {
        deliver(decodeJson(state, body))
      } catch (error) {
        dialectFailed(error)
      }
    },
    get failure() {
      return failure
    },
    onData(listener) {
      dataListener = listener
      return () => {
        if (dataListener === listener) dataListener = undefined
      }
    },
    fail(error) {
      if (ending) return
      failure ??= error
    },
    get lastEventId() {
      return lastEventId
    },
  }
}
