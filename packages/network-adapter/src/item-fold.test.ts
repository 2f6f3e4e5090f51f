import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { foldEvents } from "./fold-events.js"

const agentId = "a"

describe("foldEvents", () => {
  it("builds items from adds, deltas and patches, in order of first appearance", () => {
    const events: ChatEvent[] = [
      {
        type: "item-added",
        agentId,
        item: {
          id: "t",
          type: "tool_call",
          toolCall: { id: "c", name: "weather", arguments: {}, status: "pending" },
        },
      },
      {
        type: "item-added",
        agentId,
        item: { id: "m", type: "message", role: "assistant", content: "", timestamp: "t0" },
      },
      { type: "text-delta", agentId, itemId: "m", delta: "Hel" },
      { type: "text-delta", agentId, itemId: "m", delta: "lo" },
      {
        type: "item-updated",
        agentId,
        itemId: "t",
        patch: { toolCall: { status: "completed", result: 3, id: "ignored" } },
      },
      {
        type: "item-added",
        agentId,
        item: { id: "k", type: "card", card: { id: "card", type: "weather", content: { a: 1 } } },
      },
      { type: "item-updated", agentId, itemId: "k", patch: { card: { content: { a: 2 } } } },
      { type: "item-updated", agentId, itemId: "m", patch: { content: "Hello!" } },
    ]
    expect(foldEvents(events)).toEqual([
      {
        id: "t",
        type: "tool_call",
        toolCall: { id: "c", name: "weather", arguments: {}, status: "completed", result: 3 },
      },
      { id: "m", type: "message", role: "assistant", content: "Hello!", timestamp: "t0" },
      { id: "k", type: "card", card: { id: "card", type: "weather", content: { a: 2 } } },
    ])
  })

  it("keeps deltas that arrive before their item and ignores updates for unknown items", () => {
    expect(
      foldEvents([
        { type: "text-delta", agentId, itemId: "m", delta: "!" },
        { type: "item-updated", agentId, itemId: "x", patch: { content: "lost" } },
        {
          type: "item-added",
          agentId,
          item: { id: "m", type: "message", role: "user", content: "hi", timestamp: "t0" },
        },
      ]),
    ).toEqual([{ id: "m", type: "message", role: "user", content: "hi!", timestamp: "t0" }])
  })

  it("does not change the events it folds", () => {
    const item = { id: "m", type: "message", role: "user", content: "hi", timestamp: "t0" } as const
    const events: ChatEvent[] = [
      { type: "item-added", agentId, item },
      { type: "text-delta", agentId, itemId: "m", delta: "!" },
    ]
    foldEvents(events)
    expect(item.content).toBe("hi")
  })
})
