/**
 * Coalesces streaming events into batches: at most one store update per animation frame (or
 * timer tick). `pushAndFlush` is for what must show at once (connection changes); the queue
 * is first in, first out, so what the user sees stays in order either way.
 */
import type { ChatAction } from "./types.js"

/**
 * When queued events reach the store: `"frame"` (the next animation frame where there is one,
 * or 250 ms when frames stop, as in a hidden tab; else a 16 ms timer), `"sync"` (every event at once, no coalescing), a delay in ms, or a
 * function that schedules `flush` and returns a function cancelling it.
 */
export type FlushSchedule = "frame" | "sync" | number | ((flush: () => void) => () => void)

type Scheduler = (flush: () => void) => () => void

/** The longest events wait when animation frames do not come (a hidden tab). */
const HIDDEN_TAB_FLUSH_MS = 250

function frameScheduler(): Scheduler {
  const raf = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
    .requestAnimationFrame
  const cancelRaf = (globalThis as { cancelAnimationFrame?: (handle: number) => void })
    .cancelAnimationFrame
  if (typeof raf === "function" && typeof cancelRaf === "function") {
    // Hidden tabs get no animation frames: a timer makes sure the queue still drains.
    return (flush) => {
      let frame: number | undefined
      let timer: ReturnType<typeof setTimeout> | undefined
      let done = false
      const cancel = () => {
        done = true
        if (frame !== undefined) cancelRaf(frame)
        clearTimeout(timer)
      }
      const run = () => {
        if (done) return
        cancel()
        flush()
      }
      frame = raf(run)
      if (!done) timer = setTimeout(run, HIDDEN_TAB_FLUSH_MS)
      return cancel
    }
  }
  return timerScheduler(16)
}

function timerScheduler(delayMs: number): Scheduler {
  return (flush) => {
    const handle = setTimeout(flush, delayMs)
    return () => clearTimeout(handle)
  }
}

/** Queues actions and hands them to `dispatch` in batches. */
export class EventQueue {
  readonly #dispatch: (actions: readonly ChatAction[]) => void
  readonly #schedule: Scheduler | undefined
  #queue: ChatAction[] = []
  #cancelScheduled: (() => void) | undefined

  constructor(
    dispatch: (actions: readonly ChatAction[]) => void,
    schedule: FlushSchedule = "frame",
  ) {
    this.#dispatch = dispatch
    if (schedule === "sync") this.#schedule = undefined
    else if (schedule === "frame") this.#schedule = frameScheduler()
    else if (typeof schedule === "number") this.#schedule = timerScheduler(Math.max(0, schedule))
    else this.#schedule = schedule
  }

  /** Queues an action for the next flush (at once in `"sync"` mode). */
  push(action: ChatAction): void {
    this.#queue.push(action)
    if (!this.#schedule) {
      this.flush()
      return
    }
    this.#cancelScheduled ??= this.#schedule(() => {
      this.#cancelScheduled = undefined
      this.flush()
    })
  }

  /** Queues an action and flushes everything queued, in order, as one batch. */
  pushAndFlush(action: ChatAction): void {
    this.#queue.push(action)
    this.flush()
  }

  /** Dispatches everything queued now, as one batch. */
  flush(): void {
    this.#cancelScheduled?.()
    this.#cancelScheduled = undefined
    if (this.#queue.length === 0) return
    const batch = this.#queue
    this.#queue = []
    this.#dispatch(batch)
  }

  /** Flushes what is queued and stops the timer; later pushes still work. */
  dispose(): void {
    this.flush()
  }
}
