/**
 * The benchmark's instruments: the adapter whose events the page pushes, the commit and
 * render counters, a token feed one macrotask at a time, and a frame counter.
 */
import { NetworkAdapter } from "@aichatkit/network-adapter"
import type { ChatEvent, ChatResponse, ChatResponseItem } from "@aichatkit/types"

export const AGENT_ID = "bench-agent"

/**
 * An adapter that sends nothing: the page pushes its events as a network stream would. Each
 * pushed event goes through the wire tap first, as a real adapter reports each frame it
 * receives (`tapWire`, which returns at once while no devtools observe), unless the page was
 * opened with `?tap=0`: the same path without the call, as adapters were before the tap.
 */
export class BenchAdapter extends NetworkAdapter {
  override readonly capabilities = {
    streaming: true,
    cancel: false,
    resume: false,
    toolCalls: false,
    cards: false,
    // Every message offers its whole row of actions (edit, regenerate, rating), as in an app.
    branching: true,
    feedback: true,
  }
  items: ChatResponseItem[] = []
  async startChatAgent() {
    return AGENT_ID
  }
  async sendMessage(): Promise<ChatResponse> {
    return { items: [], conversationId: AGENT_ID }
  }
  async getConversationItems() {
    return this.items
  }
  async clearConversationHistory() {}
  async stopChatAgent() {}
  constructor(readonly tapped: boolean) {
    super()
  }
  push(event: ChatEvent) {
    if (this.tapped) this.tapWire("in", "bench", event, AGENT_ID)
    this.emit(event)
  }
}

/**
 * React commits of the chat root (counted through the DevTools hook of bench.html) and renders
 * per item (counted by the page's message renderer), and the
 * store's flushes (one per batch of events it applies), counted by a store subscription; and,
 * from `watchEnding()`, when the first flush and the first commit after it came (the reply's
 * last update: the store applying it, then React rendering it into the page).
 */
export const counters = {
  commits: 0,
  flushes: 0,
  itemRenders: new Map<string, number>(),
  ending: { flushedAt: Number.NaN, committedAt: Number.NaN },
  watchEnding() {
    this.ending = { flushedAt: Number.NaN, committedAt: Number.NaN }
  },
  flushed() {
    this.flushes++
    if (Number.isNaN(this.ending.flushedAt)) this.ending.flushedAt = performance.now()
  },
  committed() {
    this.commits++
    if (Number.isNaN(this.ending.committedAt)) this.ending.committedAt = performance.now()
  },
}

/** Feeds tokens one per macrotask, each after the previous ran; resolves after the last. */
export function feedTokens(tokens: string[], onToken: (token: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    let index = 0
    channel.port1.onmessage = () => {
      onToken(tokens[index] as string)
      index++
      if (index < tokens.length) channel.port2.postMessage(null)
      else resolve()
    }
    channel.port2.postMessage(null)
  })
}

/**
 * Counts frames, the worst gap between two, and React commits per frame. `endStreaming()`
 * freezes the streaming figures when the last token has been pushed, so the commits that
 * finish the reply (item done, run finished) are not counted as streaming ones.
 */
export function countFrames() {
  let frames = 0
  let running = true
  let streaming = true
  let commitsAtFrame = counters.commits
  let maxCommitsPerFrame = 0
  let framesOverOneCommit = 0
  let last = performance.now()
  let worstGap = 0
  const tick = (now: number) => {
    frames++
    const commits = counters.commits - commitsAtFrame
    if (streaming) {
      maxCommitsPerFrame = Math.max(maxCommitsPerFrame, commits)
      if (commits > 1) framesOverOneCommit++
    }
    commitsAtFrame = counters.commits
    worstGap = Math.max(worstGap, now - last)
    last = now
    if (running) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  return {
    endStreaming() {
      streaming = false
    },
    stop() {
      running = false
      return { frames, maxCommitsPerFrame, framesOverOneCommit, worstGap }
    },
  }
}
