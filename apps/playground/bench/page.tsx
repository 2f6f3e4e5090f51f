/**
 * The benchmark page: mounts the real ChatProvider + MessageList over a bench adapter whose
 * tokens are pushed from plain code (a MessageChannel post after the previous token ran), as a
 * network stream would. `bench/ui.bench.ts` drives it through `window.bench`.
 */
import "@aichatkit/ui/styles.css"
import { NetworkAdapter } from "@aichatkit/network-adapter"
import { type ChatController, createChatController } from "@aichatkit/store"
import type { ChatEvent, ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { ChatProvider, MessageItem, type MessageItemProps, MessageList } from "@aichatkit/ui"
import { Profiler } from "react"
import { createRoot } from "react-dom/client"
import { createReply, createThread, cutTokens } from "./data.js"

const AGENT_ID = "bench-agent"

class BenchAdapter extends NetworkAdapter {
  override readonly capabilities = {
    streaming: true,
    cancel: false,
    resume: false,
    toolCalls: false,
    cards: false,
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
  push(event: ChatEvent) {
    this.emit(event)
  }
}

const counters = { commits: 0, itemRenders: new Map<string, number>() }

function CountingMessage(props: MessageItemProps) {
  counters.itemRenders.set(props.item.id, (counters.itemRenders.get(props.item.id) ?? 0) + 1)
  return <MessageItem {...props} />
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve))
const settle = async () => {
  for (let frame = 0; frame < 5; frame++) await nextFrame()
}

let adapter: BenchAdapter
let controller: ChatController

async function mount(items: ChatResponseItem[], untilText?: string): Promise<void> {
  adapter = new BenchAdapter()
  adapter.items = items
  controller = createChatController({ adapter })
  const container = document.getElementById("root") as HTMLElement
  createRoot(container).render(
    <ChatProvider controller={controller} renderers={{ message: CountingMessage }}>
      <Profiler
        id="chat"
        onRender={() => {
          counters.commits++
        }}
      >
        <MessageList />
      </Profiler>
    </ChatProvider>,
  )
  await controller.createConversation("bench")
  await controller.reload()
  if (untilText) {
    while (!document.body.textContent?.includes(untilText)) await nextFrame()
  }
  await nextFrame()
  await nextFrame()
}

/** Feeds tokens one per macrotask, each after the previous ran; resolves after the last. */
function feedTokens(tokens: string[], onToken: (token: string) => void): Promise<void> {
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

function countFrames() {
  let frames = 0
  let running = true
  let commitsAtFrame = counters.commits
  let maxCommitsPerFrame = 0
  let last = performance.now()
  let worstGap = 0
  const tick = (now: number) => {
    frames++
    maxCommitsPerFrame = Math.max(maxCommitsPerFrame, counters.commits - commitsAtFrame)
    commitsAtFrame = counters.commits
    worstGap = Math.max(worstGap, now - last)
    last = now
    if (running) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  return () => {
    running = false
    return { frames, maxCommitsPerFrame, worstGap }
  }
}

function startReply(): string {
  const itemId = "reply"
  adapter.push({ type: "run-started", agentId: AGENT_ID, runId: "run" })
  adapter.push({
    type: "item-added",
    agentId: AGENT_ID,
    runId: "run",
    item: {
      id: itemId,
      type: "message",
      role: "assistant",
      content: "",
      timestamp: new Date().toISOString(),
    },
  })
  return itemId
}

function finishReply(itemId: string) {
  adapter.push({ type: "item-done", agentId: AGENT_ID, itemId })
  adapter.push({ type: "run-finished", agentId: AGENT_ID, runId: "run", status: "ok" })
}

export const benchApi = {
  async mountThread(count: number) {
    await mount(createThread(count), undefined)
    await settle()
  },

  async streamFast(tokenCount: number) {
    const tokens = cutTokens(createReply(), tokenCount)
    const itemId = startReply()
    await settle()
    counters.commits = 0
    counters.itemRenders.clear()
    const stopFrames = countFrames()
    const start = performance.now()
    await feedTokens(tokens, (delta) =>
      adapter.push({ type: "text-delta", agentId: AGENT_ID, runId: "run", itemId, delta }),
    )
    finishReply(itemId)
    await nextFrame()
    await nextFrame()
    const elapsedMs = performance.now() - start
    const { frames, maxCommitsPerFrame } = stopFrames()
    let otherItemRenders = 0
    for (const [id, count] of counters.itemRenders) if (id !== itemId) otherItemRenders += count
    return {
      elapsedMs,
      frames,
      commits: counters.commits,
      maxCommitsPerFrame,
      streamingItemRenders: counters.itemRenders.get(itemId) ?? 0,
      otherItemRenders,
    }
  },

  async streamPaced(tokenCount: number, tokensPerSecond: number) {
    const tokens = cutTokens(createReply(), tokenCount)
    const itemId = startReply()
    await settle()
    let longTasks = 0
    const observer = new PerformanceObserver((list) => {
      longTasks += list.getEntries().length
    })
    observer.observe({ type: "longtask" })
    const stopFrames = countFrames()
    for (const delta of tokens) {
      adapter.push({ type: "text-delta", agentId: AGENT_ID, runId: "run", itemId, delta })
      await new Promise((resolve) => setTimeout(resolve, 1000 / tokensPerSecond))
    }
    finishReply(itemId)
    await settle()
    observer.disconnect()
    return { longTasks, worstFrameGapMs: stopFrames().worstGap }
  },

  async mountLarge(count: number) {
    const items = createThread(count)
    const last = items[items.length - 1] as { content: string }
    const start = performance.now()
    await mount(items, last.content.slice(0, 40))
    return { elapsedMs: performance.now() - start, domNodes: document.querySelectorAll("*").length }
  },

  /** The floor: plain DOM, one text node grown by the same tokens. */
  async floorFast(tokenCount: number) {
    const tokens = cutTokens(createReply(), tokenCount)
    const text = document.createTextNode("")
    document.body.append(text)
    const start = performance.now()
    await feedTokens(tokens, (token) => {
      text.data += token
    })
    await nextFrame()
    await nextFrame()
    return { elapsedMs: performance.now() - start }
  },
}

export type BenchApi = typeof benchApi
;(window as unknown as { bench: BenchApi }).bench = benchApi
