/** The request that starts a turn, pure: the dialect's body, the `body` option merged in, as JSON. */
import { ChatError } from "@aichatkit/types"
import type { DialectRequest, SSEAdapterOptions, SSEDialect } from "./types.js"

/** The JSON text POSTed for `request`; INVALID_INPUT when the body cannot be JSON. */
export function encodeBody(
  dialect: SSEDialect<unknown>,
  option: SSEAdapterOptions["body"],
  request: DialectRequest,
): string {
  const base = dialect.encodeRequest(request)
  const body =
    typeof option === "function"
      ? option(request, base)
      : option && typeof base === "object" && base !== null
        ? { ...base, ...option }
        : base
  try {
    return JSON.stringify(body)
  } catch (error) {
    throw new ChatError(
      "INVALID_INPUT",
      "The request body cannot be sent as JSON; check the body option.",
      { cause: error },
    )
  }
}
