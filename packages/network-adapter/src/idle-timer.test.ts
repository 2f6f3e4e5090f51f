import { afterEach, describe, expect, it, vi } from "vitest"
import { createIdleTimer } from "./idle-timer.js"

afterEach(() => {
  vi.useRealTimers()
})

describe("createIdleTimer", () => {
  it("fires once after the idle time, counted from the last touch", () => {
    vi.useFakeTimers()
    const onIdle = vi.fn()
    const timer = createIdleTimer(1_000, onIdle)
    vi.advanceTimersByTime(900)
    timer.touch()
    vi.advanceTimersByTime(900)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(100)
    expect(onIdle).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(10_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it("never fires once stopped, or when the timeout is 0", () => {
    vi.useFakeTimers()
    const onIdle = vi.fn()
    createIdleTimer(0, onIdle)
    const stopped = createIdleTimer(1_000, onIdle)
    stopped.stop()
    vi.advanceTimersByTime(10_000)
    expect(onIdle).not.toHaveBeenCalled()
  })
})
