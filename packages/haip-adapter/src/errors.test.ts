import { HAIPError } from "@aichatkit/haip-client"
import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { chatErrorFromHAIP, clientErrorKind, errorCodeFor, fromHAIPError } from "./errors.js"

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

describe("chatErrorFromHAIP", () => {
  it("passes a ChatError through unchanged", () => {
    const error = new ChatError("CANCELLED", "stopped")
    expect(chatErrorFromHAIP(error)).toBe(error)
  })

  it("wraps anything else with its code, message, retryable and cause", () => {
    const cause = new HAIPError("RATE_LIMITED", "Slow down.")
    const error = chatErrorFromHAIP(cause)
    expect(error).toBeInstanceOf(ChatError)
    expect(error.toJSON()).toMatchObject({
      code: "RATE_LIMITED",
      message: "Slow down.",
      retryable: true,
    })
    expect(error.cause).toBe(cause)
  })
})

describe("errorCodeFor", () => {
  it.each([
    ["FAILED_AUTH", "AUTHENTICATION_FAILED"],
    ["FLOW_CONTROL_VIOLATION", "FLOW_CONTROL"],
    ["INSUFFICIENT_CREDITS", "FLOW_CONTROL"],
    ["REPLAY_TOO_OLD", "RESUME_FAILED"],
    ["TOOL_NOT_FOUND", "NOT_FOUND"],
    ["NOT HAI", "PROTOCOL_ERROR"],
    ["SOMETHING_NEW", "SERVER_ERROR"],
    ["constructor", "SERVER_ERROR"],
    ["__proto__", "SERVER_ERROR"],
  ])("maps the HAIP code %s to %s", (haip, ours) => {
    expect(errorCodeFor(haip)).toBe(ours)
  })
})

describe("clientErrorKind", () => {
  it.each([
    ["AUTHENTICATION_FAILED", false, "final"],
    ["PROTOCOL_VIOLATION", true, "final"],
    ["PROTOCOL_VIOLATION", false, "other"],
    ["RESUME_FAILED", false, "resume"],
    ["CONNECTION_FAILED", true, "link"],
    ["HANDSHAKE_TIMEOUT", false, "link"],
    ["CONNECTION_LOST", false, "link"],
    ["TOOL_EXECUTION_ERROR", false, "other"],
    ["constructor", false, "other"],
  ] as const)("%s (client closed: %s) is %s", (code, closed, kind) => {
    expect(clientErrorKind(code, closed)).toBe(kind)
  })
})
