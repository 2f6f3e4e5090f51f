import type { ChatEvent } from "@aichatkit/types"
import { afterEach, describe, expect, it, vi } from "vitest"
import { EventQueue } from "./event-queue.js"
import type { ChatAction } from "./types.js"

const delta = (text: string): ChatEvent => ({
  type: "text-delta",
  agentId: "a",
  itemId: "m",
  delta: text,
})
const finished: ChatEvent = { type: "run-finished", agentId: "a", runId: "r", status: "ok" }

function recorder() {
  const batches: string[][] = []
  const dispatch = (actions: readonly ChatAction[]) => {
    batches.push(actions.map((action) => ("delta" in action ? action.delta : action.type)))
  }
  return { batches, dispatch }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe("EventQueue", () => {
  it("flushes once per animation frame where requestAnimationFrame exists", () => {
    const frames: (() => void)[] = []
    vi.stubGlobal("requestAnimationFrame", (callback: () => void) => frames.push(callback))
    vi.stubGlobal("cancelAnimationFrame", () => undefined)
    const { batches, dispatch } = recorder()
    const queue = new EventQueue(dispatch, "frame")
    for (const text of ["a", "b", "c"]) queue.push(delta(text))
    expect(frames).toHaveLength(1)
    expect(batches).toEqual([])
    frames[0]?.()
    expect(batches).toEqual([["a", "b", "c"]])
  })

  it("still drains in a hidden tab, where animation frames stop", () => {
    vi.useFakeTimers()
    vi.stubGlobal("requestAnimationFrame", () => 1)
    vi.stubGlobal("cancelAnimationFrame", () => undefined)
    const { batches, dispatch } = recorder()
    const queue = new EventQueue(dispatch, "frame")
    queue.push(delta("a"))
    expect(batches).toEqual([])
    vi.runAllTimers()
    expect(batches).toEqual([["a"]])
  })

  it("falls back to a timer without animation frames", () => {
    vi.useFakeTimers()
    const { batches, dispatch } = recorder()
    const queue = new EventQueue(dispatch, "frame")
    queue.push(delta("a"))
    queue.push(delta("b"))
    vi.runAllTimers()
    queue.push(delta("c"))
    vi.runAllTimers()
    expect(batches).toEqual([["a", "b"], ["c"]])
  })

  it("dispatches every event at once in sync mode", () => {
    const { batches, dispatch } = recorder()
    const queue = new EventQueue(dispatch, "sync")
    queue.push(delta("a"))
    queue.push(delta("b"))
    expect(batches).toEqual([["a"], ["b"]])
  })

  it("puts a structural event after what was queued, in the same batch, and cancels the timer", () => {
    vi.useFakeTimers()
    const { batches, dispatch } = recorder()
    const queue = new EventQueue(dispatch, 50)
    queue.push(delta("a"))
    queue.pushAndFlush(finished)
    vi.runAllTimers()
    expect(batches).toEqual([["a", "run-finished"]])
  })

  it("flushes what is left when disposed", () => {
    const { batches, dispatch } = recorder()
    const queue = new EventQueue(dispatch, () => () => undefined)
    queue.push(delta("a"))
    queue.dispose()
    expect(batches).toEqual([["a"]])
  })
})
