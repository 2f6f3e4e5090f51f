import type { ChatResponseItem, ToolCall } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { waitingToolCall } from "./tool-answers.js"

const call = (status: ToolCall["status"], extra: Partial<ToolCall> = {}): ChatResponseItem => ({
  id: "c1",
  type: "tool_call",
  toolCall: { id: "c1", name: "weather", arguments: {}, status, ...extra },
})

describe("waitingToolCall", () => {
  it("finds a call that waits for this kind of answer", () => {
    expect(waitingToolCall([call("awaiting-approval")], "c1", { approved: true }).id).toBe("c1")
    expect(waitingToolCall([call("pending")], "c1", { output: 1 }).id).toBe("c1")
    expect(waitingToolCall([call("executing")], "c1", { error: "off" }).id).toBe("c1")
  })

  it("refuses an answer of the wrong kind, to a settled call, or to an approval already answered", () => {
    const refused = expect.objectContaining({ code: "INVALID_INPUT" })
    expect(() => waitingToolCall([call("pending")], "c1", { approved: true })).toThrow(refused)
    expect(() => waitingToolCall([call("awaiting-approval")], "c1", { output: 1 })).toThrow(refused)
    expect(() => waitingToolCall([call("completed")], "c1", { output: 1 })).toThrow(refused)
    const answered = call("awaiting-approval", { approval: { approved: true } })
    expect(() => waitingToolCall([answered], "c1", { approved: false })).toThrow(refused)
  })

  it("says NOT_FOUND for a call that is not there", () => {
    expect(() => waitingToolCall([], "c1", { output: 1 })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    )
  })
})
