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

  it("flushes once the task is done when asked soon, with what came before and after it", async () => {
    const frames: (() => void)[] = []
    vi.stubGlobal("requestAnimationFrame", (callback: () => void) => frames.push(callback))
    vi.stubGlobal("cancelAnimationFrame", () => undefined)
    const { batches, dispatch } = recorder()
    const queue = new EventQueue(dispatch, "frame")
    queue.push(delta("a"))
    queue.pushAndFlushSoon(finished)
    queue.push(delta("b"))
    expect(batches).toEqual([])
    await Promise.resolve()
    expect(batches).toEqual([["a", "run-finished", "b"]])
    // The frame that was waiting finds nothing left to flush.
    for (const frame of frames) frame()
    expect(batches).toHaveLength(1)
  })

  it("flushes what is left when disposed", () => {
    const { batches, dispatch } = recorder()
    const queue = new EventQueue(dispatch, () => () => undefined)
    queue.push(delta("a"))
    queue.dispose()
    expect(batches).toEqual([["a"]])
  })

  describe("paced by what each update costs", () => {
    /**
     * Animation frames run by hand on a clock the test moves: `frameAt(ms)` runs the frame
     * waiting at that time; each dispatch takes `costMs` of the clock, as a render would, and
     * the browser's layout and paint of the frame `paintMs` more.
     */
    function pacedQueue(costMs: number, paintMs = 0) {
      let clock = 0
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] })
      vi.spyOn(performance, "now").mockImplementation(() => clock)
      let waiting: (() => void) | undefined
      vi.stubGlobal("requestAnimationFrame", (callback: () => void) => {
        waiting = callback
        return 1
      })
      vi.stubGlobal("cancelAnimationFrame", () => undefined)
      const { batches, dispatch } = recorder()
      const queue = new EventQueue((actions) => {
        dispatch(actions)
        clock += costMs
      }, "frame")
      const frameAt = async (ms: number) => {
        clock = ms
        const callback = waiting
        waiting = undefined
        callback?.()
        // React renders in a microtask after the flush; the browser then lays out and paints,
        // and the cost is read in the first task after the frame.
        await Promise.resolve()
        if (callback) clock += paintMs
        vi.advanceTimersByTime(0)
      }
      return { batches, queue, frameAt }
    }

    afterEach(() => {
      vi.restoreAllMocks()
    })

    it("passes over frames that come sooner after a costly update than it took", async () => {
      const { batches, queue, frameAt } = pacedQueue(20)
      queue.push(delta("a"))
      await frameAt(0)
      expect(batches).toEqual([["a"]])
      queue.push(delta("b"))
      // The update ended at 20 ms after taking 20 ms: a frame 13 ms later is passed over…
      await frameAt(33)
      expect(batches).toEqual([["a"]])
      queue.push(delta("c"))
      // …and the next one, 30 ms after it ended, takes everything queued, in order.
      await frameAt(50)
      expect(batches).toEqual([["a"], ["b", "c"]])
    })

    it("counts the browser's layout and paint of the frame in what the update cost", async () => {
      // 4 ms of store and React, 12 ms of layout and paint: the update's frame took 16 ms.
      const { batches, queue, frameAt } = pacedQueue(4, 12)
      queue.push(delta("a"))
      await frameAt(0)
      queue.push(delta("b"))
      // The frame after it comes 0.7 ms after its paint ended: passed over…
      await frameAt(16.7)
      expect(batches).toEqual([["a"]])
      // …the one after takes the text.
      await frameAt(33.4)
      expect(batches).toEqual([["a"], ["b"]])
    })

    it("shows any change other than streamed text at the next frame, with the text before it", async () => {
      const { batches, queue, frameAt } = pacedQueue(20)
      queue.push(delta("a"))
      await frameAt(0)
      queue.push(delta("b"))
      queue.push(finished)
      await frameAt(33)
      expect(batches).toEqual([["a"], ["b", "run-finished"]])
    })

    it("passes over no frame while updates are quick", async () => {
      const { batches, queue, frameAt } = pacedQueue(2)
      for (const [index, text] of ["a", "b", "c"].entries()) {
        queue.push(delta(text))
        await frameAt(index * 16)
      }
      expect(batches).toEqual([["a"], ["b"], ["c"]])
    })

    it("passes over frames while text pours in, and shows it all at the first calmer frame", async () => {
      const { batches, queue, frameAt } = pacedQueue(2)
      const pour = "x".repeat(1025)
      queue.push(delta(pour))
      // Over 1,024 characters since the last frame: what this frame would paint is already stale.
      await frameAt(16)
      queue.push(delta(pour))
      await frameAt(33)
      expect(batches).toEqual([])
      // A frame that got less than that (here nothing: one large chunk) shows it all.
      queue.push(delta("y"))
      await frameAt(50)
      expect(batches).toEqual([[pour, pour, "y"]])
    })

    it("shows text that poured in with the run's end, once the task is done", async () => {
      const { batches, queue, frameAt } = pacedQueue(2)
      queue.push(delta("x".repeat(2000)))
      await frameAt(16)
      queue.push(delta("y"))
      queue.pushAndFlushSoon(finished)
      await Promise.resolve()
      expect(batches).toEqual([["x".repeat(2000), "y", "run-finished"]])
    })

    it("never passes over a frame for text at a reading pace", async () => {
      const { batches, queue, frameAt } = pacedQueue(2)
      // 1,024 characters a frame is 60 kB a second: well above any model read live.
      for (const [index, text] of ["a".repeat(1024), "b", "c".repeat(1024)].entries()) {
        queue.push(delta(text))
        await frameAt(index * 16)
      }
      expect(batches).toHaveLength(3)
    })

    it("takes a delta that is not text without counting it, and hands it on", async () => {
      const { batches, queue, frameAt } = pacedQueue(2)
      queue.push({ ...delta("a"), delta: null } as unknown as ChatEvent)
      queue.push(delta("b"))
      await frameAt(16)
      expect(batches).toEqual([[null, "b"]])
    })

    it("holds pouring text back no longer than 100 ms", async () => {
      const { batches, queue, frameAt } = pacedQueue(2)
      for (let at = 0; at < 100; at += 16) {
        queue.push(delta("x".repeat(1500)))
        await frameAt(at)
      }
      expect(batches).toEqual([])
      queue.push(delta("x".repeat(1500)))
      await frameAt(112)
      expect(batches).toHaveLength(1)
      expect(batches[0]).toHaveLength(8)
    })

    it("shows pouring text once 12,000 characters wait, in updates one frame can take", async () => {
      const { batches, queue, frameAt } = pacedQueue(2)
      for (let at = 0; at < 48; at += 16) {
        queue.push(delta("x".repeat(4000)))
        await frameAt(at)
      }
      expect(batches).toEqual([])
      queue.push(delta("x".repeat(4000)))
      await frameAt(48)
      expect(batches.map((batch) => batch.join("").length)).toEqual([16_000])
    })

    it("holds a batch back no longer than 100 ms, however long the last update took", async () => {
      const { batches, queue, frameAt } = pacedQueue(500)
      queue.push(delta("a"))
      await frameAt(0)
      queue.push(delta("b"))
      for (let at = 516; at < 600; at += 16) await frameAt(at)
      expect(batches).toEqual([["a"]])
      await frameAt(616)
      expect(batches).toEqual([["a"], ["b"]])
    })
  })
})
