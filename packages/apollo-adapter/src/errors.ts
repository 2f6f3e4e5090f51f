/**
 * Apollo's errors turned into `ChatError`s a person can act on, keeping the server's own
 * message, and the one decision retries need: was it the transport (try again) or the
 * server's answer (don't).
 */

import { type AdapterError, ChatError, type ErrorCode, isErrorCode } from "@aichatkit/types"
import {
  CombinedGraphQLErrors,
  CombinedProtocolErrors,
  ServerError,
  ServerParseError,
} from "@apollo/client"

/** A failed call: the error to report, and whether the same call may succeed if sent again. */
export interface ClassifiedError {
  error: ChatError
  /** Network failures, 5xx, 408 and 429: worth a retry. GraphQL errors never are. */
  transient: boolean
}

const graphqlCodes: Record<string, ErrorCode> = {
  UNAUTHENTICATED: "AUTHENTICATION_FAILED",
  FORBIDDEN: "AUTHENTICATION_FAILED",
  GRAPHQL_VALIDATION_FAILED: "PROTOCOL_ERROR",
  GRAPHQL_PARSE_FAILED: "PROTOCOL_ERROR",
  BAD_USER_INPUT: "INVALID_INPUT",
  BAD_REQUEST: "INVALID_INPUT",
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")
}

/** The `message` of a JSON error body (`{errors:[{message}]}` or `{error}`), else a short excerpt. */
function bodyMessage(bodyText: string): string {
  try {
    const body = JSON.parse(bodyText) as { errors?: { message?: unknown }[]; error?: unknown }
    const first = body.errors?.[0]?.message ?? body.error
    if (typeof first === "string" && first !== "") return first
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const text = bodyText.trim().replace(/\s+/g, " ")
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

/** Classifies anything a call to the Apollo client threw. `what` names the operation for the message. */
export function classifyError(error: unknown, what: string): ClassifiedError {
  if (error instanceof ChatError) return { error, transient: false }
  if (isAbort(error)) {
    return {
      error: new ChatError("CANCELLED", `${what} was cancelled.`, { cause: error }),
      transient: false,
    }
  }
  if (CombinedGraphQLErrors.is(error)) return graphqlError(error, what)
  if (ServerError.is(error)) return httpError(error, what)
  if (ServerParseError.is(error) || CombinedProtocolErrors.is(error)) {
    return {
      error: new ChatError(
        "PROTOCOL_ERROR",
        `${what} failed: the server's answer is not a GraphQL response (${error.message}).`,
        { cause: error },
      ),
      transient: false,
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  return {
    error: new ChatError(
      "CONNECTION_FAILED",
      `${what} failed: the GraphQL server could not be reached (${message}). Check that it is running and try again.`,
      { retryable: true, cause: error },
    ),
    transient: true,
  }
}

/** The server answered with GraphQL errors: the first one's code, every message. */
function graphqlError(error: CombinedGraphQLErrors, what: string): ClassifiedError {
  const first = error.errors[0]
  const extensions = (first?.extensions ?? {}) as { code?: unknown; retryable?: unknown }
  const rawCode = typeof extensions.code === "string" ? extensions.code : ""
  const code: ErrorCode = isErrorCode(rawCode)
    ? rawCode
    : Object.hasOwn(graphqlCodes, rawCode)
      ? (graphqlCodes[rawCode] as ErrorCode)
      : "SERVER_ERROR"
  const messages = error.errors.map((entry) => entry.message).join(" ")
  const hint =
    code === "PROTOCOL_ERROR"
      ? " The operation does not match the server's schema: check the adapter's `documents`."
      : ""
  return {
    error: new ChatError(code, `${what} failed: ${messages}${hint}`, {
      retryable: extensions.retryable === true,
      cause: error,
    }),
    transient: false,
  }
}

/** The server answered with an HTTP error status. */
function httpError(error: ServerError, what: string): ClassifiedError {
  const status = error.statusCode
  const detail = bodyMessage(error.bodyText)
  const suffix = detail === "" ? "" : `: ${detail}`
  const code: ErrorCode =
    status === 401 || status === 403
      ? "AUTHENTICATION_FAILED"
      : status === 404
        ? "NOT_FOUND"
        : status === 429
          ? "RATE_LIMITED"
          : status === 408 || status === 504
            ? "TIMEOUT"
            : "SERVER_ERROR"
  const transient = status >= 500 || status === 408 || status === 429
  return {
    error: new ChatError(code, `${what} failed with HTTP ${status}${suffix}.`, {
      retryable: transient,
      cause: error,
    }),
    transient,
  }
}

/** The error shown when the stream came back but the conversation could not be reloaded. */
export function reloadFailed(error: unknown): AdapterError {
  return {
    code: "RESUME_FAILED",
    message: `The event stream is back but the conversation could not be reloaded (${
      error instanceof Error ? error.message : String(error)
    }); reload it to see everything.`,
    retryable: true,
  }
}

/** Throws when `agentId` is missing or names an agent that was stopped. */
export function checkAgent(agentId: string, stopped: ReadonlySet<string>): void {
  if (typeof agentId !== "string" || agentId === "") {
    throw new ChatError("INVALID_INPUT", "No agent id was given; start an agent first.")
  }
  if (stopped.has(agentId)) {
    throw new ChatError(
      "AGENT_NOT_RUNNING",
      `The agent "${agentId}" was stopped; start a new conversation.`,
    )
  }
}
