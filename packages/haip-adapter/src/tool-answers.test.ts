import type { ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { encodeToolAnswer, waitingToolCall } from "./tool-answers.js"

const call = (status: "awaiting-approval" | "pending" | "completed"): ChatResponseItem => ({
  id: "c1",
  type: "tool_call",
  toolCall: { id: "c1", name: "weather", arguments: {}, status },
})

describe("encodeToolAnswer", () => {
  it.each([
    [
      { approved: true },
      { type: "TOOL_UPDATE", payload: { call_id: "c1", status: "RUNNING", approved: true } },
    ],
    [
      { approved: false, reason: "no" },
      {
        type: "TOOL_UPDATE",
        payload: { call_id: "c1", status: "CANCELLING", approved: false, reason: "no" },
      },
    ],
    [
      { output: { city: "Bergen" } },
      { type: "TOOL_DONE", payload: { call_id: "c1", status: "OK", result: { city: "Bergen" } } },
    ],
    [
      { error: "off" },
      { type: "TOOL_DONE", payload: { call_id: "c1", status: "ERROR", error: "off" } },
    ],
  ])("%j is the frame %j in the run it opens", (response, expected) => {
    expect(encodeToolAnswer("c1", response, "run-9")).toEqual({
      ...expected,
      channel: "USER",
      run_id: "run-9",
    })
  })
})

describe("waitingToolCall", () => {
  it("finds a call that waits for this kind of answer, and refuses the others", () => {
    expect(waitingToolCall([call("awaiting-approval")], "c1", { approved: true }).id).toBe("c1")
    expect(waitingToolCall([call("pending")], "c1", { output: 1 }).id).toBe("c1")
    expect(() => waitingToolCall([call("pending")], "c1", { approved: true })).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    )
    expect(() => waitingToolCall([call("completed")], "c1", { output: 1 })).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    )
    expect(() => waitingToolCall([], "c1", { output: 1 })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    )
  })
})
