/** The client's errors (HAIPError, anything thrown) as the adapter's AdapterError / ChatError, pure. */
import type { HAIPError } from "@aichatkit/haip-client"
import { type AdapterError, ChatError } from "@aichatkit/types"
import { adapterErrorFor } from "./decode.js"

/** A HAIP error as an AdapterError, without the code prefix the client puts in messages. */
export function fromHAIPError(error: unknown, fallback = "SERVER_ERROR"): AdapterError {
  const haip = error as Partial<HAIPError>
  const code = typeof haip?.code === "string" ? haip.code : fallback
  const text = error instanceof Error ? error.message : String(error)
  return adapterErrorFor(code, text.startsWith(`${code}: `) ? text.slice(code.length + 2) : text)
}

/** Anything thrown as a ChatError (a ChatError as is), with the original as its cause. */
export function toChatError(error: unknown, fallback?: string): ChatError {
  if (error instanceof ChatError) return error
  const adapterError = fromHAIPError(error, fallback)
  return new ChatError(adapterError.code, adapterError.message, {
    retryable: adapterError.retryable,
    cause: error,
  })
}
