import { describe, expect, it } from "vitest"
import { encodeToolAnswer } from "./tool-answers.js"

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
