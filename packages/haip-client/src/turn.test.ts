import { afterEach, describe, expect, it, vi } from "vitest"
import { type TurnEnd, TurnTracker } from "./turn.js"
import type { HAIPMessage } from "./types.js"

let counter = 0
function frame(
  type: HAIPMessage["type"],
  payload: unknown = {},
  extra: Partial<HAIPMessage> = {},
): HAIPMessage {
  counter++
  return {
    id: `f${counter}`,
    transaction: "t",
    session: "s",
    seq: String(counter),
    ts: "0",
    channel: "AGENT",
    type,
    payload,
    ...extra,
  }
}

afterEach(() => {
  vi.useRealTimers()
})

function track(runEvents: boolean) {
  const ends: TurnEnd[] = []
  const tracker = new TurnTracker({ runEvents, idleMs: 250, onEnd: (end) => ends.push(end) })
  return { tracker, ends }
}

describe("TurnTracker with run events", () => {
  it("ends at RUN_FINISHED with its status, not before", () => {
    vi.useFakeTimers()
    const { tracker, ends } = track(true)
    tracker.observe(frame("RUN_STARTED", {}, { run_id: "r1", channel: "SYSTEM" }))
    tracker.observe(frame("MESSAGE", "whole answer"))
    vi.advanceTimersByTime(5000)
    expect(ends).toEqual([])
    tracker.observe(
      frame("RUN_FINISHED", { status: "CANCELLED" }, { run_id: "r1", channel: "SYSTEM" }),
    )
    expect(ends).toEqual([{ status: "cancelled", runId: "r1" }])
  })

  it("ignores the RUN_FINISHED of another run", () => {
    const { tracker, ends } = track(true)
    tracker.observe(frame("RUN_STARTED", {}, { run_id: "r1" }))
    tracker.observe(frame("RUN_FINISHED", { status: "OK" }, { run_id: "r0" }))
    expect(ends).toEqual([])
  })

  it("ends at once on an ERROR before the run started (the message was refused)", () => {
    const { tracker, ends } = track(true)
    tracker.observe(frame("ERROR", { code: "INVALID_MESSAGE", message: "send text" }))
    expect(ends).toEqual([
      { status: "error", error: { code: "INVALID_MESSAGE", message: "send text" } },
    ])
  })

  it("carries an ERROR inside a run into its RUN_FINISHED", () => {
    const { tracker, ends } = track(true)
    tracker.observe(frame("RUN_STARTED", {}, { run_id: "r1" }))
    tracker.observe(frame("ERROR", { code: "TOOL_EXECUTION_ERROR", message: "boom" }))
    tracker.observe(frame("RUN_FINISHED", { status: "ERROR" }, { run_id: "r1" }))
    expect(ends).toEqual([
      { status: "error", runId: "r1", error: { code: "TOOL_EXECUTION_ERROR", message: "boom" } },
    ])
  })
})

describe("TurnTracker without run events (a reference server)", () => {
  it("ends after a whole AGENT MESSAGE and an idle window", () => {
    vi.useFakeTimers()
    const { tracker, ends } = track(false)
    tracker.observe(frame("MESSAGE", "answer"))
    vi.advanceTimersByTime(200)
    tracker.observe(frame("MESSAGE", "more"))
    vi.advanceTimersByTime(200)
    expect(ends).toEqual([])
    vi.advanceTimersByTime(100)
    expect(ends).toEqual([{ status: "ok" }])
  })

  it("waits for open streamed messages and tool calls", () => {
    vi.useFakeTimers()
    const { tracker, ends } = track(false)
    tracker.observe(frame("TOOL_CALL", { call_id: "c", tool: "weather" }))
    tracker.observe(frame("MESSAGE", "calling"))
    tracker.observe(frame("MESSAGE_START", { message_id: "m" }))
    vi.advanceTimersByTime(1000)
    expect(ends).toEqual([])
    tracker.observe(frame("MESSAGE_END", { message_id: "m" }))
    vi.advanceTimersByTime(1000)
    expect(ends).toEqual([])
    tracker.observe(frame("TOOL_DONE", { call_id: "c", status: "OK" }))
    vi.advanceTimersByTime(300)
    expect(ends).toEqual([{ status: "ok" }])
  })

  it("ends at once on an ERROR", () => {
    const { tracker, ends } = track(false)
    tracker.observe(frame("ERROR", { code: "TOOL_EXECUTION_ERROR", message: "boom" }))
    expect(ends).toEqual([
      { status: "error", error: { code: "TOOL_EXECUTION_ERROR", message: "boom" } },
    ])
    tracker.observe(frame("MESSAGE", "late"))
    expect(ends).toHaveLength(1)
  })

  it("switches to run events when a RUN_STARTED shows up", () => {
    vi.useFakeTimers()
    const { tracker, ends } = track(false)
    tracker.observe(frame("RUN_STARTED", {}, { run_id: "r9" }))
    tracker.observe(frame("MESSAGE", "answer"))
    vi.advanceTimersByTime(1000)
    expect(ends).toEqual([])
    tracker.observe(frame("RUN_FINISHED", { status: "OK" }, { run_id: "r9" }))
    expect(ends).toEqual([{ status: "ok", runId: "r9" }])
  })
})
