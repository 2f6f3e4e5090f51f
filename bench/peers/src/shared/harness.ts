/**
 * The stopwatch every page shares: PERFORMANCE.md's scenarios over one `ChatUnderTest` per
 * library, exposed as `window.bench` for scripts/run.mjs. Tokens arrive one per macrotask (a
 * MessageChannel post after the previous token ran) from plain code, as a network stream would.
 */
import { createReply, createThread, cutTokens } from "../../../../apps/playground/bench/data.js"

export interface BenchMessage {
  id: string
  role: "user" | "assistant"
  content: string
}

/** What a page does with its library: everything else is the same code for every library. */
export interface ChatUnderTest {
  /** Renders the thread into the container (React pages call `createRoot(...).render`). */
  mount(container: HTMLElement, messages: BenchMessage[]): void | Promise<void>
  /** Adds an empty assistant reply (not timed: the page settles before the first token). */
  startReply(id: string): void | Promise<void>
  appendToken(id: string, delta: string): void
  finishReply(id: string): void
}

const REPLY_ID = "bench-reply"

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve))
const settle = async () => {
  for (let frame = 0; frame < 5; frame++) await nextFrame()
}

function benchMessages(count: number): BenchMessage[] {
  return createThread(count).map((item) => ({
    id: item.id,
    role: item.role === "user" ? "user" : "assistant",
    content: item.content,
  }))
}

/**
 * The reply's last 40 characters: plain words of its last sentence, so present whether a page
 * renders markdown or raw text, and long enough not to occur in the thread above it.
 */
function tailOf(text: string): string {
  return text.slice(-40)
}

const root = () => document.getElementById("root") as HTMLElement

/**
 * Waits, a frame at a time, until the text is on the page at the start of an animation frame
 * (that frame paints it); false when the deadline passed. Looked for at frames only: a page that
 * wrote the text synchronously (the floor) has not painted it yet either, and counting it shown
 * then would leave its paint out of its time, where every page that renders a moment later has
 * it counted. Until 2026-12-05 the first look was before any frame.
 */
async function untilShown(text: string, deadline: number): Promise<boolean> {
  do {
    if (performance.now() > deadline) return false
    await nextFrame()
  } while (!root().textContent?.includes(text))
  return true
}

/** Frames rendered and the worst gap between two of them, from now until stopped. */
function watchFrames() {
  let frames = 0
  let running = true
  let last = performance.now()
  let worstGap = 0
  const tick = (now: number) => {
    frames++
    worstGap = Math.max(worstGap, now - last)
    last = now
    if (running) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  return () => {
    running = false
    return { frames, worstGap }
  }
}

/** Feeds tokens one per macrotask, each after the previous ran, until done or past the cap. */
function feedTokens(tokens: string[], capAt: number, onToken: (token: string) => void) {
  return new Promise<number>((resolve) => {
    const channel = new MessageChannel()
    let index = 0
    channel.port1.onmessage = () => {
      onToken(tokens[index] as string)
      index++
      if (index < tokens.length && performance.now() < capAt) channel.port2.postMessage(null)
      else resolve(index)
    }
    channel.port2.postMessage(null)
  })
}

export function install(chat: ChatUnderTest): void {
  const bench = {
    async mountThread(count: number) {
      const messages = benchMessages(count)
      await chat.mount(root(), messages)
      const last = messages[messages.length - 1] as BenchMessage
      await untilShown(last.content.slice(0, 40), performance.now() + 120_000)
      await settle()
    },

    /** A-fast: every token as fast as the page takes them; time until the last is painted. */
    async streamFast(tokenCount: number, capMs: number) {
      const reply = createReply()
      const tokens = cutTokens(reply, tokenCount)
      await chat.startReply(REPLY_ID)
      await settle()
      const stopFrames = watchFrames()
      const start = performance.now()
      const fed = await feedTokens(tokens, start + capMs, (delta) =>
        chat.appendToken(REPLY_ID, delta),
      )
      const finished = fed === tokens.length
      if (finished) chat.finishReply(REPLY_ID)
      const shown = finished && (await untilShown(tailOf(reply), start + capMs))
      await nextFrame()
      const elapsedMs = performance.now() - start
      return { finished: shown, tokensDone: fed, elapsedMs, frames: stopFrames().frames }
    },

    /** A-paced: tokens at a reading pace; long tasks and the worst gap between frames. */
    async streamPaced(tokenCount: number, tokensPerSecond: number, capMs: number) {
      const tokens = cutTokens(createReply(), tokenCount)
      await chat.startReply(REPLY_ID)
      await settle()
      let longTasks = 0
      const observer = new PerformanceObserver((list) => {
        longTasks += list.getEntries().length
      })
      observer.observe({ type: "longtask" })
      const stopFrames = watchFrames()
      const capAt = performance.now() + capMs
      let fed = 0
      for (const delta of tokens) {
        if (performance.now() > capAt) break
        chat.appendToken(REPLY_ID, delta)
        fed++
        await new Promise((resolve) => setTimeout(resolve, 1000 / tokensPerSecond))
      }
      if (fed === tokens.length) chat.finishReply(REPLY_ID)
      await settle()
      observer.disconnect()
      const { worstGap } = stopFrames()
      return {
        finished: fed === tokens.length,
        tokensDone: fed,
        longTasks,
        worstFrameGapMs: worstGap,
      }
    },

    /** B-mount: the whole thread into an empty page, until its last message is painted. */
    async mountLarge(count: number, capMs: number) {
      const messages = benchMessages(count)
      const last = messages[messages.length - 1] as BenchMessage
      const start = performance.now()
      await chat.mount(root(), messages)
      const shown = await untilShown(last.content.slice(0, 40), start + capMs)
      await nextFrame()
      const elapsedMs = performance.now() - start
      await settle()
      return { finished: shown, elapsedMs, domNodes: document.querySelectorAll("*").length }
    },
  }
  ;(window as unknown as { bench: typeof bench }).bench = bench
}
