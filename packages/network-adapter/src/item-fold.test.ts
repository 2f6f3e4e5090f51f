import type { ChatEvent } from "@aichatkit/types"
import { MAX_MESSAGE_TEXT_LENGTH } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { foldEvents, ItemFold } from "./item-fold.js"

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

describe("ItemFold follows the store's rules", () => {
  const message = (content: string) =>
    ({ id: "m", type: "message", role: "assistant", content, timestamp: "t0" }) as const
  const tool = (status: "pending" | "executing" | "completed") =>
    ({
      id: "t",
      type: "tool_call",
      toolCall: { id: "c", name: "weather", arguments: {}, status },
    }) as const

  it("drops deltas after item-done and after the run finished", () => {
    expect(
      foldEvents([
        { type: "run-started", agentId, runId: "r" },
        { type: "item-added", agentId, runId: "r", item: message("Hi") },
        { type: "item-done", agentId, runId: "r", itemId: "m" },
        { type: "text-delta", agentId, runId: "r", itemId: "m", delta: " late" },
      ]),
    ).toEqual([message("Hi")])
    expect(
      foldEvents([
        { type: "run-started", agentId, runId: "r" },
        { type: "item-added", agentId, runId: "r", item: message("Hi") },
        { type: "run-finished", agentId, runId: "r", status: "ok" },
        { type: "text-delta", agentId, runId: "r", itemId: "m", delta: " late" },
      ]),
    ).toEqual([message("Hi")])
  })

  it("keeps streamed text when a shorter copy of the message is replayed, and skips the replayed deltas", () => {
    expect(
      foldEvents([
        { type: "item-added", agentId, item: message("") },
        { type: "text-delta", agentId, itemId: "m", delta: "Hello" },
        { type: "item-added", agentId, item: message("") },
        { type: "text-delta", agentId, itemId: "m", delta: "Hel" },
        { type: "text-delta", agentId, itemId: "m", delta: "lo" },
        { type: "text-delta", agentId, itemId: "m", delta: "!" },
      ]),
    ).toEqual([message("Hello!")])
  })

  it("never takes a final tool call back to running", () => {
    expect(
      foldEvents([
        { type: "item-added", agentId, item: tool("completed") },
        { type: "item-added", agentId, item: tool("pending") },
        {
          type: "item-updated",
          agentId,
          itemId: "t",
          patch: { toolCall: { status: "executing" } },
        },
      ]),
    ).toEqual([tool("completed")])
  })

  it("cancels running tool calls when the run is cancelled; later text reaches no item", () => {
    expect(
      foldEvents([
        { type: "run-started", agentId, runId: "r" },
        { type: "item-added", agentId, runId: "r", item: tool("executing") },
        { type: "item-added", agentId, runId: "r", item: message("Hi") },
        { type: "run-finished", agentId, runId: "r", status: "cancelled" },
        { type: "text-delta", agentId, runId: "r", itemId: "m", delta: " late" },
      ]),
    ).toEqual([
      { ...tool("executing"), toolCall: { ...tool("executing").toolCall, status: "cancelled" } },
      message("Hi"),
    ])
  })

  it("refuses text past MAX_MESSAGE_TEXT_LENGTH and keeps what it had", () => {
    const fold = new ItemFold()
    fold.apply({ type: "item-added", agentId, item: message("") })
    expect(fold.apply({ type: "text-delta", agentId, itemId: "m", delta: "ab" })).toBe("applied")
    const tooMuch = "x".repeat(MAX_MESSAGE_TEXT_LENGTH)
    expect(fold.apply({ type: "text-delta", agentId, itemId: "m", delta: tooMuch })).toBe(
      "text-too-long",
    )
    expect(fold.apply({ type: "text-delta", agentId, itemId: "early", delta: `${tooMuch}y` })).toBe(
      "text-too-long",
    )
    expect(fold.items()).toEqual([message("ab")])
  })

  it("skips items that are not valid items", () => {
    expect(
      foldEvents([
        {
          type: "item-added",
          agentId,
          item: { id: "", type: "message", role: "assistant", content: "x", timestamp: "t0" },
        },
      ]),
    ).toEqual([])
  })
})
