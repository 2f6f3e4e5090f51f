/**
 * When is a chat turn over? With run events (the server's HAI announces
 * `capabilities.run_events`, or a RUN_STARTED arrives for the turn) the turn ends at
 * RUN_FINISHED. Without them (the reference server) it ends once a whole AGENT `MESSAGE`
 * (or a `MESSAGE_END`) has arrived, no streamed message or tool call is still open, and no
 * further frame of the transaction came for `idleMs` (default 250 ms). An `ERROR` in the
 * transaction ends a turn at once when there are no run events or the run has not started
 * (the server refused the message); inside a started run it ends the turn only if no
 * RUN_FINISHED follows soon.
 */
import type { HAIPMessage } from "./types.js"

/** How a turn ended. */
export interface TurnEnd {
  status: "ok" | "cancelled" | "error"
  runId?: string
  /** The server's error, when it reported one. */
  error?: { code: string; message: string }
}

const errorFallbackFactor = 8

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/** Watches the frames of one turn and calls `onEnd` once when it is over. */
export class TurnTracker {
  #runEvents: boolean
  readonly #idleMs: number
  readonly #onEnd: (end: TurnEnd) => void
  #runId: string | undefined
  #answered = false
  #error: TurnEnd["error"]
  readonly #openMessages = new Set<string>()
  readonly #openTools = new Set<string>()
  #timer: ReturnType<typeof setTimeout> | undefined
  #ended = false

  constructor(options: { runEvents: boolean; idleMs?: number; onEnd: (end: TurnEnd) => void }) {
    this.#runEvents = options.runEvents
    this.#idleMs = options.idleMs ?? 250
    this.#onEnd = options.onEnd
  }

  /** Whether the turn has ended. */
  get ended(): boolean {
    return this.#ended
  }

  /** The run id the server gave the turn, once known. */
  get runId(): string | undefined {
    return this.#runId
  }

  /** Feeds one frame of the turn's transaction. */
  observe(frame: HAIPMessage): void {
    if (this.#ended) return
    this.#clearTimer()
    const payload = record(frame.payload)
    switch (frame.type) {
      case "RUN_STARTED":
        this.#runEvents = true
        this.#runId ??= frame.run_id
        return
      case "RUN_FINISHED": {
        if (this.#runId !== undefined && frame.run_id !== undefined && frame.run_id !== this.#runId)
          return
        const status =
          payload.status === "CANCELLED" ? "cancelled" : payload.status === "ERROR" ? "error" : "ok"
        const error = this.#error ?? (status === "error" ? errorOf(payload) : undefined)
        this.#end(error ? { status, error } : { status })
        return
      }
      case "RUN_ERROR":
      case "ERROR":
        this.#error = errorOf(payload)
        // Without run events, or before the run started (the server refused the message), it is over.
        if (!this.#runEvents || this.#runId === undefined)
          this.#end({ status: "error", error: this.#error })
        else this.#arm(this.#idleMs * errorFallbackFactor)
        return
      case "MESSAGE":
        if (frame.channel === "AGENT") this.#answered = true
        break
      case "MESSAGE_START":
        if (frame.channel !== "USER" && typeof payload.message_id === "string")
          this.#openMessages.add(payload.message_id)
        break
      case "MESSAGE_END":
        if (typeof payload.message_id === "string" && this.#openMessages.delete(payload.message_id))
          this.#answered = true
        break
      case "TOOL_CALL":
        if (typeof payload.call_id === "string") this.#openTools.add(payload.call_id)
        break
      case "TOOL_DONE":
        if (typeof payload.call_id === "string") this.#openTools.delete(payload.call_id)
        break
    }
    if (this.#runEvents) {
      if (this.#error) this.#arm(this.#idleMs * errorFallbackFactor)
      return
    }
    if (this.#answered && this.#openMessages.size === 0 && this.#openTools.size === 0)
      this.#arm(this.#idleMs)
  }

  /** Ends the turn from outside (cancelled, connection lost). */
  end(end: TurnEnd): void {
    this.#end(end)
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      const error = this.#error
      this.#end(error ? { status: "error", error } : { status: "ok" })
    }, ms)
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #end(end: TurnEnd): void {
    if (this.#ended) return
    this.#ended = true
    this.#clearTimer()
    if (this.#runId !== undefined && end.runId === undefined) end.runId = this.#runId
    this.#onEnd(end)
  }
}

function errorOf(payload: Record<string, unknown>): { code: string; message: string } {
  return {
    code: typeof payload.code === "string" && payload.code !== "" ? payload.code : "SERVER_ERROR",
    message:
      typeof payload.message === "string" && payload.message !== ""
        ? payload.message
        : typeof payload.error === "string"
          ? payload.error
          : typeof payload.summary === "string"
            ? payload.summary
            : "The server reported an error.",
  }
}
