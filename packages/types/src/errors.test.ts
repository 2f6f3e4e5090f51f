import { describe, expect, it } from "vitest"
import { type AdapterError, ChatError, toChatError } from "./errors.js"

describe("toChatError", () => {
  it("returns a ChatError as it is", () => {
    const error = new ChatError("TIMEOUT", "No answer in 30 s.", { retryable: true })
    expect(toChatError(error, "UNKNOWN")).toBe(error)
  })

  it("keeps an AdapterError's code, message, retryable and cause", () => {
    const cause = new Error("socket hang up")
    const reported: AdapterError = {
      code: "CONNECTION_LOST",
      message: "The connection dropped.",
      retryable: true,
      cause,
    }
    const error = toChatError(reported)
    expect(error).toBeInstanceOf(ChatError)
    expect(error.toJSON()).toEqual(reported)
  })

  it("turns anything else into the fallback code with the original as its cause", () => {
    const thrown = new TypeError("fetch failed")
    const error = toChatError(thrown, "CONNECTION_FAILED")
    expect(error.toJSON()).toEqual({
      code: "CONNECTION_FAILED",
      message: "fetch failed",
      retryable: true,
      cause: thrown,
    })
    expect(toChatError("boom").code).toBe("UNKNOWN")
  })

  it("reads an abort as CANCELLED", () => {
    const abort = new DOMException("The operation was aborted.", "AbortError")
    expect(toChatError(abort, "CONNECTION_FAILED").code).toBe("CANCELLED")
  })
})
