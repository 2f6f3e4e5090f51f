import { HAIPError } from "@aichatkit/haip-client"
import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { fromHAIPError, toChatError } from "./errors.js"

describe("fromHAIPError", () => {
  it.each([
    [
      "a client error: its code mapped, the code prefix dropped",
      new HAIPError("CONNECTION_LOST", "The server sent nothing for 60000 ms."),
      {
        code: "CONNECTION_LOST",
        message: "The server sent nothing for 60000 ms.",
        retryable: true,
      },
    ],
    [
      "a reference-server code",
      new HAIPError("FAILED_AUTH", "Bad token."),
      { code: "AUTHENTICATION_FAILED", message: "Bad token.", retryable: false },
    ],
    [
      "a plain Error: the fallback code",
      new Error("socket hang up"),
      { code: "SERVER_ERROR", message: "socket hang up", retryable: true },
    ],
    ["a thrown string", "nope", { code: "SERVER_ERROR", message: "nope", retryable: true }],
  ])("%s", (_name, error, expected) => {
    expect(fromHAIPError(error)).toEqual(expected)
  })

  it("uses the fallback code given for errors without one", () => {
    expect(fromHAIPError(new Error("refused"), "CONNECTION_FAILED").code).toBe("CONNECTION_FAILED")
  })
})

describe("toChatError", () => {
  it("passes a ChatError through unchanged", () => {
    const error = new ChatError("CANCELLED", "stopped")
    expect(toChatError(error)).toBe(error)
  })

  it("wraps anything else with its code, message, retryable and cause", () => {
    const cause = new HAIPError("RATE_LIMITED", "Slow down.")
    const error = toChatError(cause)
    expect(error).toBeInstanceOf(ChatError)
    expect(error.toJSON()).toMatchObject({
      code: "RATE_LIMITED",
      message: "Slow down.",
      retryable: true,
    })
    expect(error.cause).toBe(cause)
  })
})
