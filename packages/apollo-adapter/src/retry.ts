import { ChatError } from "@aichatkit/types"
import { classifyError } from "./errors.js"

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number
  /** First delay in ms; doubled each retry, with ±25 % jitter, capped at 5 s. */
  baseDelayMs: number
  /** Aborting it stops waiting and rejects with `CANCELLED`. */
  signal?: AbortSignal | undefined
  /** Names the call in error messages ("Sending the message"). */
  what: string
}

/** The delay before retry number `retry` (0-based). */
export function backoffDelay(retry: number, baseDelayMs: number): number {
  const delay = Math.min(5_000, baseDelayMs * 2 ** retry)
  return Math.round(delay * (0.75 + Math.random() * 0.5))
}

/** Rejects with `CANCELLED` once `signal` aborts; otherwise settles as `promise` does. */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  what: string,
): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(new ChatError("CANCELLED", `${what} was cancelled.`))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ChatError("CANCELLED", `${what} was cancelled.`))
    signal.addEventListener("abort", onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort)
        reject(error)
      },
    )
  })
}

function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return raceAbort(new Promise<void>((resolve) => setTimeout(resolve, ms)), signal, what)
}

/**
 * Runs `attempt` until it succeeds, retrying transport failures (network errors, 5xx, 408,
 * 429) up to `maxRetries` times with exponential backoff. GraphQL errors (validation, the
 * resolver's own) are never retried. Rejects with a `ChatError` carrying the server's message.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await raceAbort(attempt(), options.signal, options.what)
    } catch (error) {
      const classified = classifyError(error, options.what)
      if (!classified.transient || retry >= options.maxRetries || options.signal?.aborted) {
        if (classified.transient && retry > 0) {
          const { code, message } = classified.error
          throw new ChatError(code, `${message} (gave up after ${retry + 1} attempts)`, {
            retryable: true,
            cause: error,
          })
        }
        throw classified.error
      }
      await sleep(backoffDelay(retry, options.baseDelayMs), options.signal, options.what)
    }
  }
}
