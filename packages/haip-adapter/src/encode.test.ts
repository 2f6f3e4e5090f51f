import { describe, expect, it } from "vitest"
import { encodeRunCancel, encodeToolCancel, encodeUserMessage, TurnEncoder } from "./encode.js"

describe("encode", () => {
  it.each([
    [
      "a chat turn is a MESSAGE on USER whose payload is the text",
      encodeUserMessage("hi"),
      { type: "MESSAGE", channel: "USER", payload: "hi" },
    ],
    [
      "a cancel is RUN_CANCEL with the envelope run_id",
      encodeRunCancel("r1"),
      { type: "RUN_CANCEL", channel: "SYSTEM", payload: { run_id: "r1" }, run_id: "r1" },
    ],
    [
      "a tool cancel is TOOL_CANCEL",
      encodeToolCancel("c1"),
      { type: "TOOL_CANCEL", channel: "USER", payload: { call_id: "c1" } },
    ],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toEqual(expected)
  })

  it("puts a card in a MESSAGE and needs no end frame for it", () => {
    const encoder = new TurnEncoder()
    const card = { id: "k", type: "weather", content: {} }
    expect(
      encoder.encode({ type: "item-added", agentId: "a", item: { id: "i", type: "card", card } }),
    ).toEqual([{ type: "MESSAGE", channel: "AGENT", payload: { type: "card", card } }])
    expect(encoder.encode({ type: "item-done", agentId: "a", itemId: "i" })).toEqual([])
  })

  it("sends nothing for run events (the server frames runs)", () => {
    const encoder = new TurnEncoder()
    expect(encoder.encode({ type: "run-started", agentId: "a", runId: "r" })).toEqual([])
    expect(
      encoder.encode({ type: "run-finished", agentId: "a", runId: "r", status: "ok" }),
    ).toEqual([])
  })
})
