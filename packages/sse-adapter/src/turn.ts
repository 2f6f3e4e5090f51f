/**
 * One turn on the wire: POST, read the stream (or the JSON fallback), resume a dropped
 * stream where the server allows it, and end the turn with the events that say how.
 */
import { createIdleTimer, DEFAULT_IDLE_TIMEOUT_MS } from "@aichatkit/network-adapter"
import type { AdapterError, ChatEvent } from "@aichatkit/types"
import { toAdapterError, toChatError } from "@aichatkit/types"
import type { StreamDecoder } from "./decode.js"
import { httpError } from "./errors.js"
import { type HttpClient, resolveUrl, wait } from "./http.js"
import { type ReadOutcome, readStream } from "./read-stream.js"
import type { SSEAdapterOptions, SSEDialect } from "./types.js"

/** What one turn needs while it runs. */
export interface Turn {
  agentId: string
  sessionId: string
  runId: string
  /** The JSON body, kept to re-send it with `Last-Event-ID`. */
  body: string
  signal: AbortSignal
  decoder: StreamDecoder<unknown>
  dialect: SSEDialect<unknown>
  emit: (event: ChatEvent) => void
  /** The adapter's connection status before the turn (to say `connecting` only when needed). */
  connected: boolean
  /** Reports the raw traffic; undefined when nobody observes the wire, so nothing is copied. */
  wire?: TurnWire | undefined
}

/** Receives a turn's request body (`out`) and the stream's chunks as they arrive (`in`). */
export type TurnWire = (direction: "in" | "out", data: Uint8Array | string | unknown) => void

const STREAM_HEADERS = { "Content-Type": "application/json", Accept: "text/event-stream" }

function idleTimeout(timeoutMs: number): AdapterError {
  return {
    code: "TIMEOUT",
    message: `The server sent nothing for ${Math.round(timeoutMs / 1000)} s, so the turn was stopped; the partial answer is kept. Retry to ask again.`,
    retryable: true,
  }
}

const connectionLost: AdapterError = {
  code: "CONNECTION_LOST",
  message:
    "The connection dropped before the answer finished and the server cannot resume it; the partial answer is kept. Send the message again to retry.",
  retryable: true,
}

export class TurnRunner {
  readonly #options: SSEAdapterOptions
  readonly #http: HttpClient

  constructor(options: SSEAdapterOptions, http: HttpClient) {
    this.#options = options
    this.#http = http
  }

  /**
   * Streams one turn to its end; resolves with the error it failed with, if any. A turn that
   * receives no data for `idleTimeoutMs` (headers that never come, a stalled stream, one that
   * only sends keep-alives) ends with TIMEOUT, its partial answer kept.
   */
  async run(turn: Turn): Promise<AdapterError | undefined> {
    const timeoutMs = this.#options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
    const wire = new AbortController()
    const stop = () => wire.abort()
    turn.signal.addEventListener("abort", stop, { once: true })
    if (turn.signal.aborted) wire.abort()
    const timer = createIdleTimer(timeoutMs, () => {
      turn.decoder.fail(idleTimeout(timeoutMs))
      wire.abort()
    })
    const detach = turn.decoder.onData(() => timer.touch())
    try {
      return await this.#run({ ...turn, signal: wire.signal }, turn.signal)
    } finally {
      timer.stop()
      detach()
      turn.signal.removeEventListener("abort", stop)
    }
  }

  /** `turn.signal` aborts on cancel and on the idle timeout; `cancelled` on cancel only. */
  async #run(turn: Turn, cancelled: AbortSignal): Promise<AdapterError | undefined> {
    let outcome: ReadOutcome
    try {
      if (!turn.connected) turn.emit({ type: "connection-changed", status: "connecting" })
      turn.wire?.("out", turn.body)
      const response = await this.#http.fetch(this.#options.url, {
        method: "POST",
        body: turn.body,
        signal: turn.signal,
        headers: STREAM_HEADERS,
      })
      outcome = await this.#consume(turn, response)
    } catch (error) {
      if (cancelled.aborted) return this.#end(turn, "aborted")
      if (turn.decoder.failure) return this.#end(turn, "failed")
      const failure = toAdapterError(error, "CONNECTION_FAILED")
      if (failure.code === "CONNECTION_FAILED") {
        turn.emit({ type: "connection-changed", status: "closed", error: failure })
      }
      return this.#end(turn, "failed", failure)
    }
    if (outcome === "dropped") outcome = await this.#resume(turn)
    // Aborted by the idle timer rather than the user: the decoder holds the TIMEOUT.
    if (outcome === "aborted" && !cancelled.aborted && turn.decoder.failure) outcome = "failed"
    return this.#end(turn, outcome)
  }

  /** Reads a response: a stream, the JSON fallback, or an HTTP error (thrown). */
  async #consume(turn: Turn, response: Response): Promise<ReadOutcome> {
    if (!response.ok)
      throw toChatError(await httpError(response, response.url || this.#options.url))
    turn.emit({ type: "connection-changed", status: "open" })
    const contentType = response.headers.get("content-type") ?? ""
    if (contentType.includes("text/event-stream") && response.body) {
      return readStream(response.body, turn.decoder, turn.signal, turn.wire)
    }
    if (contentType.includes("json")) {
      const body: unknown = await response.json().catch(() => undefined)
      turn.wire?.("in", body)
      turn.decoder.decodeJson(body)
      return turn.decoder.failure ? "failed" : "finished"
    }
    response.body?.cancel().catch(() => {})
    throw toChatError({
      code: "PROTOCOL_ERROR",
      message: `The server answered ${contentType || "without a content type"} instead of text/event-stream; check the url and that the server streams this ${turn.dialect.name} endpoint.`,
      retryable: false,
    })
  }

  /**
   * Picks up a dropped stream: with `Last-Event-ID` when the server sent ids (re-sending
   * the same request), or through `reconnect.resumeUrl`. Otherwise the turn fails.
   */
  async #resume(turn: Turn): Promise<ReadOutcome> {
    const reconnect = this.#options.reconnect
    if (reconnect === false) return "dropped"
    const attempts = reconnect?.attempts ?? 2
    for (let attempt = 0; attempt < attempts; attempt++) {
      const lastEventId = turn.decoder.lastEventId
      const resumeUrl = reconnect?.resumeUrl
      if (lastEventId === undefined && resumeUrl === undefined) return "dropped"
      turn.emit({ type: "connection-changed", status: "reconnecting" })
      await wait((reconnect?.delayMs ?? 250) * 2 ** attempt, turn.signal)
      if (turn.signal.aborted) return "aborted"
      try {
        let response: Response
        if (lastEventId !== undefined) {
          turn.decoder.restart("continue")
          response = await this.#http.fetch(this.#options.url, {
            method: "POST",
            body: turn.body,
            signal: turn.signal,
            headers: { ...STREAM_HEADERS, "Last-Event-ID": lastEventId },
          })
        } else {
          turn.decoder.restart(turn.dialect.resumeReplaysFromStart ? "replay" : "continue")
          response = await this.#http.fetch(resolveUrl(resumeUrl!, turn.sessionId), {
            method: "GET",
            signal: turn.signal,
            headers: { Accept: "text/event-stream" },
          })
        }
        if (response.status === 204) return "dropped" // the server has nothing to resume
        const outcome = await this.#consume(turn, response)
        if (outcome !== "dropped") return outcome
      } catch {
        if (turn.signal.aborted) return "aborted"
      }
    }
    return "dropped"
  }

  /** Closes what the stream left open and says how the turn ended. */
  #end(turn: Turn, outcome: ReadOutcome, failure?: AdapterError): AdapterError | undefined {
    const { decoder, emit, agentId, runId } = turn
    if (outcome === "finished") {
      // The stream ended the turn itself; a run-finished that is not ok fails the call.
      const ending = decoder.ending
      if (ending?.status === "cancelled") {
        return { code: "CANCELLED", message: "The server cancelled the run.", retryable: false }
      }
      if (ending?.status !== "error") return undefined
      return (
        ending.error ?? {
          code: "SERVER_ERROR",
          message: "The turn failed on the server; try again.",
          retryable: true,
        }
      )
    }
    const reason =
      outcome === "aborted" ? "cancelled" : outcome === "dropped" ? "connection-lost" : "failed"
    for (const event of turn.dialect.interrupt(decoder.state, reason)) emit(event)
    if (outcome === "aborted") {
      emit({ type: "run-finished", agentId, runId, status: "cancelled" })
      return { code: "CANCELLED", message: "The run was cancelled.", retryable: false }
    }
    // A server that reported its error and then dropped the stream failed with that error.
    const error = failure ?? decoder.failure ?? decoder.reported ?? connectionLost
    if (error.code === "CONNECTION_LOST") {
      emit({ type: "connection-changed", status: "closed", error })
    }
    if (error !== decoder.reported) emit({ type: "error", agentId, runId, error })
    emit({ type: "run-finished", agentId, runId, status: "error", error })
    return error
  }
}
