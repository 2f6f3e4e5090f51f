/**
 * Coalesces streaming events into batches: at most one store update per animation frame (or
 * timer tick). `pushAndFlush` is for what must show at once (connection changes), and
 * `pushAndFlushSoon` for what should show once the task it came in is done (a run's end); the
 * queue is first in, first out, so what the user sees stays in order either way.
 */
import type { ChatAction } from "./types.js"

/**
 * When queued events reach the store: `"frame"` (an animation frame where there are frames, paced
 * so updates take at most about half of the main thread; 250 ms at the latest when frames stop,
 * as in a hidden tab; else a 16 ms timer), `"sync"` (every event at once, no coalescing), a delay
 * in ms, or a function that schedules `flush` and returns a function cancelling it.
 */
export type FlushSchedule = "frame" | "sync" | number | ((flush: () => void) => () => void)

/** What is queued when a flush is due, for pacing (see {@link frameScheduler}). */
interface Queued {
  /** Whether it is all streamed text, which may wait a frame more. */
  onlyText: boolean
  /**
   * Whether more text came since the last frame than a frame can usefully show: the stream is
   * pouring in (a backlog, a replay, a local model), not being read as it comes; and what waits
   * is still small enough to show in one update.
   */
  pouring: boolean
}

/** Schedules `flush`; returns a function cancelling it. `queued` is read when the flush is due. */
type Scheduler = (flush: () => void, queued: () => Queued) => () => void

/** The longest events wait when animation frames do not come (a hidden tab). */
const HIDDEN_TAB_FLUSH_MS = 250

/** The longest a batch is held back to leave the page its share of the main thread. */
const PACING_LIMIT_MS = 100

/**
 * Streamed characters in one frame above which the text is pouring in: more than a chat's view
 * holds (about 60 kB/s, several times what a model streams live). Until it calms down, or the
 * pacing limit, each frame would paint text already stale and pay for laying it out again in
 * the next; waiting shows the same text sooner, in fewer updates.
 */
const POURING_CHARS_PER_FRAME = 1024

/**
 * The most pouring text held back for one update: about what the UI parses of a long answer per
 * frame (12,000 characters, `PARSE_PER_FRAME` in @aichatkit/ui). A longer flood shows in updates
 * of about this size, each cheap enough for one frame, rather than as one costly update.
 */
const POURING_HOLD_LIMIT = 12_000

/**
 * One flush per animation frame, paced by what the flushes cost while text streams. After a
 * flush whose frame (the store, React's render and commit it causes, and the browser's style,
 * layout and paint of that frame, up to the first task after it) took `cost` ms, a frame that
 * comes less than `cost` ms after it ended is passed over while only streamed text waits, so
 * the updates take at most about half of the main thread.
 * On a page where an update takes a few ms, no frame is ever passed over; on a slow or busy
 * machine, or with a costly answer, the text updates every second or third frame, and the
 * page's other work (typing, scrolling, reading the network) keeps its share instead of
 * queueing behind each frame. While the text pours in (over {@link POURING_CHARS_PER_FRAME}
 * characters since the last frame), frames are passed over too, until a frame finds it calmer
 * or {@link POURING_HOLD_LIMIT} characters wait; a run's end, which comes with its last text,
 * flushes it all at once. A stream read as it comes (a model's pace, 200 tokens a second) never
 * pours. Any other change (a tool's status, a new item, the end of a run) shows at the next
 * frame, as it would unpaced, and nothing waits more than {@link PACING_LIMIT_MS}.
 */
function frameScheduler(): Scheduler {
  const raf = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
    .requestAnimationFrame
  const cancelRaf = (globalThis as { cancelAnimationFrame?: (handle: number) => void })
    .cancelAnimationFrame
  if (typeof raf !== "function" || typeof cancelRaf !== "function") return timerScheduler(16)
  let lastCostMs = 0
  let lastEnd = Number.NEGATIVE_INFINITY
  return (flush, queued) => {
    const queuedAt = performance.now()
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
      const now = performance.now()
      const { onlyText, pouring } = queued()
      const mayWait = onlyText && now - queuedAt < PACING_LIMIT_MS
      if (mayWait && (pouring || now - lastEnd < lastCostMs)) {
        frame = raf(run)
        return
      }
      cancel()
      flush()
      // React renders what the flush changed in a microtask it queued during the flush, and
      // the browser lays out and paints in the same task as this frame callback: a task queued
      // now runs once all of it is done, and sees the update's whole cost.
      setTimeout(() => {
        lastEnd = performance.now()
        lastCostMs = lastEnd - now
      }, 0)
    }
    frame = raf(run)
    // Hidden tabs get no animation frames: a timer makes sure the queue still drains.
    if (!done) timer = setTimeout(run, HIDDEN_TAB_FLUSH_MS)
    return cancel
  }
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
  /** Whether everything queued is streamed text, which may wait a frame more (pacing). */
  #onlyText = true
  /** Characters of streamed text queued since the scheduler last looked at the queue. */
  #textSinceLook = 0
  /** Characters of streamed text queued in all. */
  #textQueued = 0
  #cancelScheduled: (() => void) | undefined
  /** Whether a flush at the end of this task is due (see {@link pushAndFlushSoon}). */
  #flushSoon = false
  readonly #queued = (): Queued => {
    const pouring =
      this.#textSinceLook > POURING_CHARS_PER_FRAME && this.#textQueued <= POURING_HOLD_LIMIT
    this.#textSinceLook = 0
    return { onlyText: this.#onlyText, pouring }
  }

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
    if (action.type === "text-delta") {
      // The store refuses a delta that is not text; until then it counts for nothing.
      const length = typeof action.delta === "string" ? action.delta.length : 0
      this.#textSinceLook += length
      this.#textQueued += length
    } else this.#onlyText = false
    if (!this.#schedule) {
      this.flush()
      return
    }
    this.#cancelScheduled ??= this.#schedule(() => {
      this.#cancelScheduled = undefined
      this.flush()
    }, this.#queued)
  }

  /** Queues an action and flushes everything queued, in order, as one batch. */
  pushAndFlush(action: ChatAction): void {
    this.#queue.push(action)
    this.flush()
  }

  /**
   * Queues an action and flushes everything queued once the task that pushed it is done (in a
   * microtask): the events that arrived with it, before or after, in the same message from the
   * wire, still land as one batch, and the work of applying and rendering them is done before
   * the next frame instead of inside it.
   */
  pushAndFlushSoon(action: ChatAction): void {
    this.push(action)
    if (this.#flushSoon) return
    this.#flushSoon = true
    queueMicrotask(() => {
      this.#flushSoon = false
      this.flush()
    })
  }

  /** Dispatches everything queued now, as one batch. */
  flush(): void {
    this.#cancelScheduled?.()
    this.#cancelScheduled = undefined
    if (this.#queue.length === 0) return
    const batch = this.#queue
    this.#queue = []
    this.#onlyText = true
    this.#textSinceLook = 0
    this.#textQueued = 0
    this.#dispatch(batch)
  }

  /** Flushes what is queued and stops the timer; later pushes still work. */
  dispose(): void {
    this.flush()
  }
}
