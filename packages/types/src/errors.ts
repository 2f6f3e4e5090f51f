/**
 * Errors as values: a code from a closed list, a sentence a person can act on, and whether
 * trying again may help.
 */

/** Every error code an adapter, the store or the UI reports. */
export const ERROR_CODES = [
  /** The server could not be reached or refused the connection. */
  "CONNECTION_FAILED",
  /** An open connection dropped. */
  "CONNECTION_LOST",
  /** The server refused the credentials. */
  "AUTHENTICATION_FAILED",
  /** The server did not answer in time. */
  "TIMEOUT",
  /** The server asked the client to slow down. */
  "RATE_LIMITED",
  /** The agent, conversation or endpoint does not exist. */
  "NOT_FOUND",
  /** A call was made on an agent that was never started or has been stopped. */
  "AGENT_NOT_RUNNING",
  /** The caller passed an argument the function cannot use. */
  "INVALID_INPUT",
  /** The server sent something that does not follow the protocol (malformed, out of order). */
  "PROTOCOL_ERROR",
  /** A frame or event was larger than the configured limit. */
  "PAYLOAD_TOO_LARGE",
  /** Flow-control credits were exceeded or never granted. */
  "FLOW_CONTROL",
  /** A dropped stream could not be resumed; the conversation was reloaded instead. */
  "RESUME_FAILED",
  /** The server reported a failure of its own. */
  "SERVER_ERROR",
  /** A tool the agent called failed. */
  "TOOL_EXECUTION_ERROR",
  /** The run was cancelled. */
  "CANCELLED",
  /** The adapter or server does not support what was asked. */
  "UNSUPPORTED",
  /** Stored chat data could not be read. */
  "STORAGE_ERROR",
  /** Anything else; the message says what. */
  "UNKNOWN",
] as const

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number]

/** An error as plain data, safe to keep in the store and to persist. */
export interface AdapterError {
  code: ErrorCode
  /** What happened and what to do about it, in one or two sentences. */
  message: string
  /** Whether the same call may succeed if tried again. */
  retryable: boolean
  /** The underlying error or wire payload, for logs; never shown as HTML. */
  cause?: unknown
}

const errorCodeSet: ReadonlySet<string> = new Set(ERROR_CODES)

/** Whether a string is one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && errorCodeSet.has(value)
}

/** An `Error` carrying an {@link AdapterError}, for code that throws or rejects. */
export class ChatError extends Error implements AdapterError {
  readonly code: ErrorCode
  readonly retryable: boolean

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = "ChatError"
    this.code = code
    this.retryable = options.retryable ?? false
  }

  /** The plain-data form, for events and the store. */
  toJSON(): AdapterError {
    const error: AdapterError = {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    }
    if (this.cause !== undefined) error.cause = this.cause
    return error
  }
}

/** Whether a value has the shape of an {@link AdapterError}. */
export function isAdapterError(value: unknown): value is AdapterError {
  if (typeof value !== "object" || value === null) return false
  const candidate = value as Record<string, unknown>
  return (
    isErrorCode(candidate.code) &&
    typeof candidate.message === "string" &&
    typeof candidate.retryable === "boolean"
  )
}

/**
 * Turns anything thrown into an {@link AdapterError}. An `AbortError` becomes `CANCELLED`;
 * other unknown errors become `fallbackCode` with their message kept.
 */
export function toAdapterError(error: unknown, fallbackCode: ErrorCode = "UNKNOWN"): AdapterError {
  if (error instanceof ChatError) return error.toJSON()
  if (isAdapterError(error))
    return { code: error.code, message: error.message, retryable: error.retryable }
  if (error instanceof Error && error.name === "AbortError") {
    return { code: "CANCELLED", message: "The run was cancelled.", retryable: false, cause: error }
  }
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : ""
  return {
    code: fallbackCode,
    message: message || "Something went wrong; try again, and report it if it keeps happening.",
    retryable: fallbackCode !== "INVALID_INPUT" && fallbackCode !== "AUTHENTICATION_FAILED",
    cause: error,
  }
}

/**
 * The one way to turn anything an adapter threw or reported into a `ChatError` to throw: a
 * `ChatError` as it is, an {@link AdapterError} with its code, message, retryable and cause,
 * anything else through {@link toAdapterError} (`fallbackCode`, the original as its cause).
 */
export function toChatError(error: unknown, fallbackCode: ErrorCode = "UNKNOWN"): ChatError {
  if (error instanceof ChatError) return error
  if (isAdapterError(error)) {
    return new ChatError(error.code, error.message, {
      retryable: error.retryable,
      cause: error.cause,
    })
  }
  const adapterError = toAdapterError(error, fallbackCode)
  return new ChatError(adapterError.code, adapterError.message, {
    retryable: adapterError.retryable,
    cause: error,
  })
}
