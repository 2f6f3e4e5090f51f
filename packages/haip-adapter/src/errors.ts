/**
 * Errors, pure: HAIP error codes (ours, the spec's, the reference server's, the client's) as
 * our `ErrorCode`s, and the client's errors (HAIPError, anything thrown) as AdapterError /
 * ChatError.
 */
import type { HAIPError } from "@aichatkit/haip-client"
import { type AdapterError, ChatError, type ErrorCode, toChatError } from "@aichatkit/types"

const errorCodes: Record<string, ErrorCode> = {
  AUTHENTICATION_FAILED: "AUTHENTICATION_FAILED",
  FAILED_AUTH: "AUTHENTICATION_FAILED",
  RATE_LIMITED: "RATE_LIMITED",
  RUN_LIMIT_EXCEEDED: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FLOW_CONTROL_VIOLATION: "FLOW_CONTROL",
  FLOW_CONTROL: "FLOW_CONTROL",
  INSUFFICIENT_CREDITS: "FLOW_CONTROL",
  RESUME_FAILED: "RESUME_FAILED",
  REPLAY_TOO_OLD: "RESUME_FAILED",
  TOOL_EXECUTION_ERROR: "TOOL_EXECUTION_ERROR",
  TOOL_NOT_FOUND: "NOT_FOUND",
  TRANSACTION_NOT_FOUND: "NOT_FOUND",
  PROTOCOL_VIOLATION: "PROTOCOL_ERROR",
  INVALID_MESSAGE: "PROTOCOL_ERROR",
  UNSUPPORTED_TYPE: "PROTOCOL_ERROR",
  SEQ_VIOLATION: "PROTOCOL_ERROR",
  VERSION_INCOMPATIBLE: "PROTOCOL_ERROR",
  "NOT HAI": "PROTOCOL_ERROR",
  CONNECTION_FAILED: "CONNECTION_FAILED",
  NOT_CONNECTED: "CONNECTION_FAILED",
  CONNECTION_LOST: "CONNECTION_LOST",
  HANDSHAKE_TIMEOUT: "TIMEOUT",
  TIMEOUT: "TIMEOUT",
  TRANSACTION_CLOSED: "AGENT_NOT_RUNNING",
  CANCELLED: "CANCELLED",
  // Ours: the transaction cannot take the request now (nothing to regenerate, a run running).
  INVALID_REQUEST: "INVALID_INPUT",
}

const retryableCodes: ReadonlySet<ErrorCode> = new Set([
  "CONNECTION_FAILED",
  "CONNECTION_LOST",
  "TIMEOUT",
  "RATE_LIMITED",
  "RESUME_FAILED",
  "SERVER_ERROR",
  "FLOW_CONTROL",
])

/** The client's codes for a link that could not be made or was lost. */
const linkFailureCodes: ReadonlySet<string> = new Set([
  "CONNECTION_FAILED",
  "HANDSHAKE_TIMEOUT",
  "CONNECTION_LOST",
])

/** What the user is told for each agent when the server could not resume the session. */
export const RESUME_FAILED_MESSAGE =
  "The connection dropped and the server could not resume it; an answer in progress was lost. The conversation so far is kept: send the last message again."

/** The `ErrorCode` for a HAIP error code (ours, the spec's or the reference server's). */
export function errorCodeFor(haipCode: string): ErrorCode {
  // The code comes from the wire: an own property only ("constructor" is no error code).
  return Object.hasOwn(errorCodes, haipCode) ? (errorCodes[haipCode] as ErrorCode) : "SERVER_ERROR"
}

/** A HAIP error as an {@link AdapterError}. */
export function adapterErrorFor(haipCode: string, message: string): AdapterError {
  const code = errorCodeFor(haipCode)
  return { code, message, retryable: retryableCodes.has(code) }
}

/** The HAIP code of anything thrown (a HAIPError's own), else `fallback`. */
export function haipCodeOf(error: unknown, fallback: string): string {
  const code = (error as Partial<HAIPError> | undefined)?.code
  return typeof code === "string" ? code : fallback
}

/** A HAIP error as an AdapterError, without the code prefix the client puts in messages. */
export function fromHAIPError(error: unknown, fallback = "SERVER_ERROR"): AdapterError {
  const code = haipCodeOf(error, fallback)
  const text = error instanceof Error ? error.message : String(error)
  return adapterErrorFor(code, text.startsWith(`${code}: `) ? text.slice(code.length + 2) : text)
}

/**
 * Anything thrown as a ChatError: a ChatError as it is, anything else with its HAIP code read
 * (see {@link fromHAIPError}) and the original as its cause, through types' `toChatError`.
 */
export function chatErrorFromHAIP(error: unknown, fallback?: string): ChatError {
  if (error instanceof ChatError) return error
  return toChatError({ ...fromHAIPError(error, fallback), cause: error })
}

/**
 * What a client error means for the adapter: `final` (a refused token, or a handshake the
 * server refused so the client closed for good: asking again would be refused again),
 * `resume` (handled with the session reset), `link` (the connection could not be made or was
 * lost), or `other` (a turn's, or the connection's in general).
 */
export function clientErrorKind(
  code: string,
  clientClosed: boolean,
): "final" | "resume" | "link" | "other" {
  if (code === "AUTHENTICATION_FAILED" || (code === "PROTOCOL_VIOLATION" && clientClosed)) {
    return "final"
  }
  if (code === "RESUME_FAILED") return "resume"
  return linkFailureCodes.has(code) ? "link" : "other"
}

/** The error for a call naming an agent that was stopped or never started. */
export function agentNotRunning(agentId: string): ChatError {
  return new ChatError(
    "AGENT_NOT_RUNNING",
    `Agent ${agentId} is not running (it was stopped or never started); start a new one.`,
  )
}
