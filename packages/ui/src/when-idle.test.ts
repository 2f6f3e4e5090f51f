import { afterEach, describe, expect, it, vi } from "vitest"
import { whenIdle } from "./when-idle.js"

/** Idle callbacks run by hand, each with the idle time the test gives it. */
function heldIdleCallbacks() {
  const held: { callback: IdleRequestCallback; timeout: number | undefined }[] = []
  let requests = 0
  vi.stubGlobal(
    "requestIdleCallback",
    (callback: IdleRequestCallback, options?: IdleRequestOptions) => {
      held.push({ callback, timeout: options?.timeout })
      requests += 1
      return requests
    },
  )
  vi.stubGlobal("cancelIdleCallback", () => undefined)
  const idle = (remainingMs: number, didTimeout = false) => {
    const next = held.shift()
    next?.callback({ didTimeout, timeRemaining: () => remainingMs })
  }
  return { held, idle }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe("whenIdle", () => {
  it("runs in the first idle period without a need of time", () => {
    const { idle } = heldIdleCallbacks()
    const callback = vi.fn()
    whenIdle(callback, 100)
    idle(0.5)
    expect(callback).toHaveBeenCalledOnce()
  })

  it("waits for an idle period with the time it needs, within its timeout", () => {
    let now = 1000
    vi.spyOn(performance, "now").mockImplementation(() => now)
    const { held, idle } = heldIdleCallbacks()
    const callback = vi.fn()
    whenIdle(callback, 100, 8)
    // The few ms left after a costly frame: not enough, asked again with the time left.
    now = 1030
    idle(4)
    expect(callback).not.toHaveBeenCalled()
    expect(held[0]?.timeout).toBe(70)
    idle(12)
    expect(callback).toHaveBeenCalledOnce()
  })

  it("runs when its timeout is reached, idle or not", () => {
    const { idle } = heldIdleCallbacks()
    const callback = vi.fn()
    whenIdle(callback, 100, 8)
    idle(0, true)
    expect(callback).toHaveBeenCalledOnce()
  })

  it("is cancelled while it waits for a longer idle period", () => {
    const { held, idle } = heldIdleCallbacks()
    const cancels: number[] = []
    vi.stubGlobal("cancelIdleCallback", (handle: number) => cancels.push(handle))
    const callback = vi.fn()
    const cancel = whenIdle(callback, 100, 8)
    idle(2)
    cancel()
    // The request cancelled is the one asked again, not the first.
    expect(cancels).toEqual([2])
    expect(held).toHaveLength(1)
  })
})
