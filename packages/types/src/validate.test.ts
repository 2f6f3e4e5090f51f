import { describe, expect, it } from "vitest"
import { ChatError, toAdapterError } from "./errors.js"
import { chatResponseItemProblem, isChatResponseItem } from "./validate.js"

const message = {
  id: "m1",
  type: "message",
  content: "hi",
  role: "user",
  timestamp: "2026-01-01T00:00:00Z",
}
const toolCall = {
  id: "t1",
  type: "tool_call",
  toolCall: {
    id: "c1",
    name: "weather",
    arguments: { city: "Oslo" },
    status: "completed",
    result: 3,
  },
}
const card = {
  id: "k1",
  type: "card",
  card: {
    id: "card1",
    type: "weather",
    content: { temperature: 21 },
    actions: [{ id: "a1", label: "More", type: "button", action: "more" }],
  },
}

describe("chatResponseItemProblem", () => {
  it.each([message, toolCall, card])("accepts a valid $type item", (item) => {
    expect(chatResponseItemProblem(item)).toBeUndefined()
    expect(isChatResponseItem(item)).toBe(true)
  })

  it.each([
    [null, "the item is not an object"],
    [[message], "the item is not an object"],
    [{ ...message, id: "" }, "id is not a non-empty string"],
    [{ ...message, role: "robot" }, "role is not user, assistant or system"],
    [{ ...message, content: 5 }, "content is not a string"],
    [{ ...message, type: "video" }, "type is not message, tool_call or card"],
    [
      { ...toolCall, toolCall: { ...toolCall.toolCall, status: "done" } },
      "toolCall.status is not a known status",
    ],
    [
      { ...toolCall, toolCall: { ...toolCall.toolCall, arguments: "x" } },
      "toolCall.arguments is not an object",
    ],
    [{ ...card, card: { ...card.card, content: "text" } }, "card.content is not an object"],
    [
      {
        ...card,
        card: { ...card.card, actions: [{ id: "a", label: "b", type: "script", action: "x" }] },
      },
      "a card action type is not button or link",
    ],
  ])("names the problem of %j", (value, problem) => {
    expect(chatResponseItemProblem(value)).toBe(problem)
    expect(isChatResponseItem(value)).toBe(false)
  })
})

describe("toAdapterError", () => {
  it("keeps a ChatError's code and retryability", () => {
    const error = toAdapterError(new ChatError("RATE_LIMITED", "Slow down.", { retryable: true }))
    expect(error).toEqual({ code: "RATE_LIMITED", message: "Slow down.", retryable: true })
  })

  it("turns an AbortError into CANCELLED", () => {
    const abort = new DOMException("aborted", "AbortError")
    expect(toAdapterError(abort).code).toBe("CANCELLED")
  })

  it("falls back to the given code with the original message", () => {
    const error = toAdapterError(new Error("socket hang up"), "CONNECTION_LOST")
    expect(error).toMatchObject({
      code: "CONNECTION_LOST",
      message: "socket hang up",
      retryable: true,
    })
  })

  it("gives a readable message for a value without one", () => {
    expect(toAdapterError(42).message).toMatch(/try again/)
  })
})
