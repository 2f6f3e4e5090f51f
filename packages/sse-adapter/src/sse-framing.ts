/**
 * The SSE layer under the decoder: UTF-8 across chunk boundaries and `eventsource-parser` for
 * the framing (CRLF/LF, comments, keep-alives); and, for a resumed stream, which events were
 * already decoded. Split out of the decoder so that each part reads on its own.
 */
import { createParser, type EventSourceParser } from "eventsource-parser"
import type { SSEMessage } from "./types.js"

/** Bytes in, whole SSE events out; `restart` starts a new connection's bytes. */
export interface SSEFraming {
  feed(chunk: Uint8Array | string): void
  /** The bytes ended: flushes the text decoder and a final lone CR. */
  end(): void
  restart(): void
}

export function createSSEFraming(options: {
  maxEventBytes: number
  onMessage: (message: SSEMessage) => void
  onTooLarge: () => void
}): SSEFraming {
  const createSSEParser = (): EventSourceParser =>
    createParser({
      maxBufferSize: options.maxEventBytes,
      onEvent: options.onMessage,
      onError(error) {
        if (error.type === "max-buffer-size-exceeded") options.onTooLarge()
      },
    })
  let parser = createSSEParser()
  let text = new TextDecoder()
  let endsWithCR = false
  const feedText = (chunk: string) => {
    if (chunk === "") return
    endsWithCR = chunk.charCodeAt(chunk.length - 1) === 13
    parser.feed(chunk)
  }
  return {
    feed(chunk) {
      feedText(typeof chunk === "string" ? chunk : text.decode(chunk, { stream: true }))
    },
    end() {
      const rest = text.decode()
      if (rest) feedText(rest)
      // The parser waits to see whether a final CR is half of a CRLF: at the end, it is not.
      // (An event without its blank line stays unfinished and is dropped, as EventSource does.)
      if (endsWithCR) parser.feed("\n")
    },
    restart() {
      text = new TextDecoder()
      parser = createSSEParser()
      endsWithCR = false
    },
  }
}

/**
 * Which events of a resumed stream were decoded before. With `replay`, the new connection
 * starts again from the first event: as many events as were decoded are skipped. A server asked
 * to resume with `Last-Event-ID` may replay from its first event instead: an id decoded before
 * is skipped, and so is every event without an id that follows it, until an id not seen yet
 * shows where the new events start.
 */
export class ReplayFilter {
  /** The last `id:` the server sent, for `Last-Event-ID`. */
  lastEventId: string | undefined
  #decodedCount = 0
  #skip = 0
  readonly #decodedIds = new Set<string>()
  #resumed = false
  #replaying = false

  /** Whether `message` was decoded before (skip it); otherwise it counts as decoded. */
  seen(message: SSEMessage): boolean {
    if (this.#skip > 0) {
      this.#skip -= 1
      return true
    }
    if (this.#isReplayed(message)) return true
    this.#decodedCount += 1
    if (message.id !== undefined) {
      this.lastEventId = message.id
      this.#decodedIds.add(message.id)
    }
    return false
  }

  restart(mode: "continue" | "replay"): void {
    this.#skip = mode === "replay" ? this.#decodedCount : 0
    this.#resumed = mode === "continue"
    this.#replaying = false
  }

  #isReplayed(message: SSEMessage): boolean {
    if (!this.#resumed) return false
    if (message.id === undefined || message.id === "") return this.#replaying
    this.#replaying = this.#decodedIds.has(message.id)
    return this.#replaying
  }
}
