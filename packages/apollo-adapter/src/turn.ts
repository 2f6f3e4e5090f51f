/**
 * The deadline of one turn: aborts it when the user cancels, or when nothing arrived for
 * `idleTimeoutMs` (no answer, no streamed event), and then says it was a TIMEOUT.
 */
import { createIdleTimer, type IdleTimer } from "@aichatkit/network-adapter"
import { ChatError } from "@aichatkit/types"

export class TurnWatch {
  readonly #controller = new AbortController()
  readonly #timer: IdleTimer
  readonly #outer: AbortSignal | undefined
  readonly #timeoutMs: number
  readonly #cancel = () => this.#controller.abort()
  #timedOut = false

  constructor(outer: AbortSignal | undefined, timeoutMs: number) {
    this.#outer = outer
    this.#timeoutMs = timeoutMs
    if (outer?.aborted) this.#controller.abort()
    outer?.addEventListener("abort", this.#cancel, { once: true })
    this.#timer = createIdleTimer(timeoutMs, () => {
      this.#timedOut = true
      this.#controller.abort()
    })
  }

  /** Aborts on cancel and on the idle timeout. */
  get signal(): AbortSignal {
    return this.#controller.signal
  }

  /** Data of the turn arrived. */
  readonly touch = (): void => this.#timer.touch()

  /** The error the turn ends with: TIMEOUT when the idle timer ended it, else `error`. */
  failure(error: unknown): unknown {
    if (!this.#timedOut || this.#outer?.aborted) return error
    return new ChatError(
      "TIMEOUT",
      `The server sent nothing for ${Math.round(this.#timeoutMs / 1000)} s, so the turn was stopped; what arrived is kept. Retry to ask again.`,
      { retryable: true, cause: error },
    )
  }

  stop(): void {
    this.#timer.stop()
    this.#outer?.removeEventListener("abort", this.#cancel)
  }
}
