import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { ItemFold } from "./item-fold.js"
import { checkEventOrder } from "./testing/event-order.js"
import { endTurn } from "./turn-ending.js"

const scope = { agentId: "a", runId: "r" }

function waitingRun(awaiting: "approval" | "output"): ChatEvent[] {
  return [
    { type: "run-started", ...scope },
    {
      type: "item-added",
      ...scope,
      item: {
        id: "tool-1",
        type: "tool_call",
        toolCall: { id: "call-1", name: "weather", arguments: {}, status: "pending" },
      },
    },
    { type: "tool-response-requested", ...scope, itemId: "tool-1", awaiting },
  ]
}

describe("ItemFold: tool-response-requested", () => {
  it("settles the call (awaiting-approval when asked), so ending the turn leaves it waiting", () => {
    for (const awaiting of ["approval", "output"] as const) {
      const fold = new ItemFold()
      const events = waitingRun(awaiting)
      for (const event of events) fold.apply(event)
      expect(fold.openItems()).toEqual([])
      const ending = endTurn(fold.openItems(), { ...scope, status: "ok" })
      for (const event of ending) fold.apply(event)
      expect(fold.get("tool-1")).toMatchObject({
        toolCall: { status: awaiting === "approval" ? "awaiting-approval" : "pending" },
      })
      expect(checkEventOrder([...events, ...ending])).toEqual([])
    }
  })

  it("is out of order for an item never added, or one that is not a tool call", () => {
    const problems = checkEventOrder([
      { type: "run-started", ...scope },
      { type: "tool-response-requested", ...scope, itemId: "nope", awaiting: "approval" },
      {
        type: "item-added",
        ...scope,
        item: { id: "m", type: "message", role: "assistant", content: "", timestamp: "t" },
      },
      { type: "tool-response-requested", ...scope, itemId: "m", awaiting: "output" },
      { type: "item-done", ...scope, itemId: "m" },
      { type: "run-finished", ...scope, status: "ok" },
    ])
    expect(problems).toEqual([
      "event 1 (tool-response-requested): item nope was never added",
      "event 3 (tool-response-requested): item m is a message, not a tool call",
    ])
  })
})
