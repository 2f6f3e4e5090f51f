/**
 * Errors the client emits and rejects with. The message starts with the code (the seed's
 * guide matches on `error.message.includes("AUTHENTICATION_FAILED")`), and `code` carries it
 * as data.
 */

/** Codes the client itself raises, beside the codes a server sends in `ERROR` frames. */
export type HAIPClientErrorCode =
  | "AUTHENTICATION_FAILED"
  | "CONNECTION_FAILED"
  | "CONNECTION_LOST"
  | "FLOW_CONTROL"
  | "HANDSHAKE_TIMEOUT"
  | "NOT_CONNECTED"
  | "PROTOCOL_VIOLATION"
  | "PAYLOAD_TOO_LARGE"
  | "RESUME_FAILED"
  | "RUN_LIMIT_EXCEEDED"
  | "TOOL_NOT_FOUND"
  | "TRANSACTION_CLOSED"
  | "INVALID_ARGUMENT"
  | "INTERNAL_ERROR"

/** An error of the HAIP client: `code` from the client's or the server's list. */
export class HAIPError extends Error {
  /** A client code ({@link HAIPClientErrorCode}) or the code of the server's `ERROR` frame. */
  readonly code: string
  /** Whether reconnecting or retrying may help. */
  readonly retryable: boolean
  /** The `ERROR` frame's `related_id`, when the server named the frame it refers to. */
  readonly relatedId: string | undefined
  /** The frame or error behind this one, for logs. */
  readonly detail: unknown

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; relatedId?: string; detail?: unknown } = {},
  ) {
    super(`${code}: ${message}`)
    this.name = "HAIPError"
    this.code = code
    this.retryable = options.retryable ?? false
    this.relatedId = options.relatedId
    this.detail = options.detail
  }
}

/** Server codes that mean the credentials were refused (ours and the reference's). */
export const AUTH_FAILURE_CODES: ReadonlySet<string> = new Set([
  "AUTHENTICATION_FAILED",
  "FAILED_AUTH",
])

/** Server codes that mean the server refused the handshake itself (the reference's `NOT HAI`). */
export const HANDSHAKE_REFUSED_CODES: ReadonlySet<string> = new Set(["NOT HAI", "NOT_HAI"])

/** An `ERROR` frame as an error. */
export function serverError(payload: Record<string, unknown>): HAIPError {
  const code =
    typeof payload.code === "string" && payload.code !== "" ? payload.code : "SERVER_ERROR"
  const message =
    typeof payload.message === "string" && payload.message !== ""
      ? payload.message
      : "The server reported an error."
  const options: { relatedId?: string; detail?: unknown } = { detail: payload.detail }
  if (typeof payload.related_id === "string") options.relatedId = payload.related_id
  return new HAIPError(code, message, options)
}
