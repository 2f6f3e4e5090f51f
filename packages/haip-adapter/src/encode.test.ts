import { describe, expect, it } from "vitest"
import { encodeRunCancel, encodeToolCancel, encodeUserMessage } from "./encode.js"

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
})
