/** The HTTP plumbing of the adapter: headers per request, fetch errors, URLs. */
import { toAdapterError, toChatError } from "@aichatkit/types"
import type { SSEAdapterOptions } from "./types.js"

/** A session's URL: a function's answer, `{id}` replaced, or the id appended as a segment. */
export function resolveUrl(
  url: string | ((sessionId: string) => string),
  sessionId: string,
): string {
  if (typeof url === "function") return url(sessionId)
  const id = encodeURIComponent(sessionId)
  return url.includes("{id}") ? url.replaceAll("{id}", id) : `${url.replace(/\/$/, "")}/${id}`
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener("abort", done)
      resolve()
    }
    signal.addEventListener("abort", done, { once: true })
  })
}

/** Sends requests with the configured headers through the configured `fetch`. */
export class HttpClient {
  readonly #options: Pick<SSEAdapterOptions, "headers" | "getHeaders" | "fetch">

  constructor(options: Pick<SSEAdapterOptions, "headers" | "getHeaders" | "fetch">) {
    this.#options = options
  }

  /** `base`, then the fixed headers, then what `getHeaders` gives for this request. */
  async headers(base: Record<string, string>): Promise<Record<string, string>> {
    let computed: Record<string, string> = {}
    try {
      computed = (await this.#options.getHeaders?.()) ?? {}
    } catch (error) {
      throw toChatError({
        ...toAdapterError(error, "AUTHENTICATION_FAILED"),
        message: `getHeaders failed: ${toAdapterError(error).message}`,
      })
    }
    return { ...base, ...this.#options.headers, ...computed }
  }

  /** Fetches; a network failure becomes CONNECTION_FAILED, an abort stays an abort. */
  async fetch(
    url: string,
    init: RequestInit & { headers: Record<string, string> },
  ): Promise<Response> {
    const fetcher = this.#options.fetch ?? globalThis.fetch
    const headers = await this.headers(init.headers)
    try {
      return await fetcher(url, { ...init, headers })
    } catch (error) {
      if (init.signal?.aborted) throw error
      throw toChatError({
        code: "CONNECTION_FAILED",
        message: `Could not reach ${url} (${toAdapterError(error).message}); check that the server runs and the url is right.`,
        retryable: true,
        cause: error,
      })
    }
  }
}
