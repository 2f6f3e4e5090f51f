/**
 * The reconnect policy: after a lost link, attempts with growing, jittered delays
 * ({@link reconnectDelay}) until one succeeds or `maxReconnectAttempts` have failed.
 */
import { reconnectDelay } from "./backoff.js"
import { HAIPError } from "./errors.js"

/** What the reconnect loop needs from its connection. */
export interface ReconnectHost {
  readonly url: string
  readonly maxReconnectAttempts: number
  readonly reconnectDelay: number
  readonly maxReconnectDelay: number
  /** Whether to stop trying (the client disconnected or failed for good). */
  readonly stopped: boolean
  /** An attempt is scheduled in `delayMs`. */
  scheduled(info: { attempt: number; delayMs: number }): void
  /** One reconnect: resolves once the handshake completed. */
  attempt(): Promise<void>
  /** An attempt failed (more may follow). */
  attemptFailed(error: unknown): void
  /** Every attempt failed. */
  gaveUp(error: HAIPError): void
}

export class Reconnector {
  #attempts = 0
  #cancelWait: (() => void) | undefined

  /** Attempts since the link was lost (0 once connected again). */
  get attempts(): number {
    return this.#attempts
  }

  /** Starts counting from zero again. */
  reset(): void {
    this.#attempts = 0
  }

  /** Ends the wait before the next attempt now (the loop then sees `stopped`). */
  cancelWait(): void {
    this.#cancelWait?.()
  }

  /** Tries until an attempt succeeds, `host.stopped` turns true, or the attempts run out. */
  async run(host: ReconnectHost): Promise<void> {
    while (this.#attempts < host.maxReconnectAttempts) {
      this.#attempts++
      const delayMs = reconnectDelay(this.#attempts, host.reconnectDelay, host.maxReconnectDelay)
      host.scheduled({ attempt: this.#attempts, delayMs })
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs)
        this.#cancelWait = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.#cancelWait = undefined
      if (host.stopped) return
      try {
        await host.attempt()
        this.#attempts = 0
        return
      } catch (error) {
        if (host.stopped) return
        host.attemptFailed(error)
      }
    }
    host.gaveUp(
      new HAIPError(
        "CONNECTION_FAILED",
        `Could not reconnect to ${host.url} after ${host.maxReconnectAttempts} attempts; check the server and call connect() again.`,
      ),
    )
  }
}
