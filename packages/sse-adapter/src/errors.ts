/** HTTP answers that are not a stream, as errors a person can act on. */
import type { AdapterError } from "@aichatkit/types"

const MAX_ERROR_BODY = 64 * 1024

/** The server's own words from a JSON or text error body, when it gave any. */
async function serverMessage(response: Response): Promise<string | undefined> {
  let body: string
  try {
    body = (await response.text()).slice(0, MAX_ERROR_BODY).trim()
  } catch {
    return undefined
  }
  if (body === "") return undefined
  try {
    const json: unknown = JSON.parse(body)
    if (typeof json === "string") return json
    if (typeof json === "object" && json !== null) {
      const { error, message } = json as { error?: unknown; message?: unknown }
      if (typeof error === "string") return error
      if (typeof message === "string") return message
      if (typeof error === "object" && error !== null) {
        const nested = (error as { message?: unknown }).message
        if (typeof nested === "string") return nested
      }
    }
  } catch {
    // Not JSON: a short text body (a proxy's page) still says something.
  }
  const contentType = response.headers.get("content-type") ?? ""
  return contentType.includes("html") ? undefined : body.slice(0, 300)
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date). */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(header)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - now) / 1000))
}

/** An error for a response whose status is not 2xx. */
export async function httpError(response: Response, url: string): Promise<AdapterError> {
  const said = await serverMessage(response)
  const detail = said ? ` The server said: ${said}` : ""
  const status = response.status
  const cause = { status, url, body: said }
  if (status === 401 || status === 403) {
    return {
      code: "AUTHENTICATION_FAILED",
      message: `The server refused the credentials (HTTP ${status}); check the token or headers the adapter sends.${detail}`,
      retryable: false,
      cause,
    }
  }
  if (status === 404) {
    return {
      code: "NOT_FOUND",
      message: `Nothing answers at ${url} (HTTP 404); check the adapter's url.${detail}`,
      retryable: false,
      cause,
    }
  }
  if (status === 429) {
    const wait = retryAfterSeconds(response.headers.get("retry-after"))
    return {
      code: "RATE_LIMITED",
      message: `The server is rate limiting requests (HTTP 429); ${
        wait === undefined ? "wait a moment" : `wait ${wait} s`
      } before trying again.${detail}`,
      retryable: true,
      cause: { ...cause, retryAfterSeconds: wait },
    }
  }
  if (status >= 500) {
    return {
      code: "SERVER_ERROR",
      message: `The server failed to answer (HTTP ${status}); try again in a moment.${detail}`,
      retryable: true,
      cause,
    }
  }
  return {
    code: status === 400 || status === 422 ? "INVALID_INPUT" : "SERVER_ERROR",
    message: `The server rejected the request (HTTP ${status}).${detail}`,
    retryable: false,
    cause,
  }
}
