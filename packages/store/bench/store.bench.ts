/**
 * Store benchmarks (a script that prints figures, not a test):
 *   npm run bench -w @aichatkit/store
 * 1. reduceChat: text-deltas reduced per second into a 10,000-item conversation, one event per
 *    call and in batches (what the controller's per-frame coalescing produces).
 * 2. The controller: store updates and notifications while an adapter streams, with
 *    coalescing on (one flush per 16 ms timer tick, as in Node; a frame in a browser) and off.
 */
import { NetworkAdapter } from "@aichatkit/network-adapter"
import type { ChatEvent, ChatResponse, ChatResponseItem } from "@aichatkit/types"
import type { FlushSchedule } from "../src/event-queue.js"
import {
  createChatController,
  createChatStore,
  initialChatState,
  reduceChat,
} from "../src/index.js"
import type { ChatAction, ChatState } from "../src/types.js"

const agentId = "agent-1"
const runId = "run-1"
const timestamp = "2026-01-01T00:00:00.000Z"
const streamingId = "streaming-answer"

function conversationActions(itemCount: number): ChatAction[] {
  const actions: ChatAction[] = [
    {
      type: "conversation-created",
      conversation: { id: "c1", title: "Bench", createdAt: timestamp, agentId },
    },
    { type: "conversation-selected", conversationId: "c1" },
  ]
  const items: ChatResponseItem[] = Array.from({ length: itemCount - 1 }, (_, index) => ({
    id: `item-${index}`,
    type: "message",
    role: index % 2 === 0 ? "user" : "assistant",
    content: `Message number ${index} of a long conversation.`,
    timestamp,
  }))
  actions.push({ type: "conversation-items-loaded", conversationId: "c1", items })
  actions.push({ type: "run-started", agentId, runId })
  actions.push({
    type: "item-added",
    agentId,
    runId,
    item: { id: streamingId, type: "message", role: "assistant", content: "", timestamp },
  })
  return actions
}

function deltas(count: number): ChatEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    type: "text-delta",
    agentId,
    runId,
    itemId: streamingId,
    delta: index % 7 === 0 ? "token " : "tok",
  }))
}

const format = (value: number) => Math.round(value).toLocaleString("en-US")

function benchReducer(itemCount: number, total: number, batchSize: number): void {
  const start = reduceChat(initialChatState, conversationActions(itemCount))
  const events = deltas(total)
  let state: ChatState = start
  const began = performance.now()
  if (batchSize === 1) for (const event of events) state = reduceChat(state, event)
  else {
    for (let offset = 0; offset < events.length; offset += batchSize) {
      state = reduceChat(state, events.slice(offset, offset + batchSize))
    }
  }
  const seconds = (performance.now() - began) / 1000
  const item = state.conversations.c1?.items[streamingId]
  if (item?.type !== "message" || item.content.length === 0)
    throw new Error("deltas were not applied")
  console.log(
    `  ${format(total).padStart(7)} deltas, ${format(itemCount).padStart(6)} items, batch ${format(batchSize).padStart(7)}: ` +
      `${format(total / seconds).padStart(11)} events/s  (${(seconds * 1000).toFixed(0)} ms)`,
  )
}

/** An adapter that streams deltas as a socket would deliver them: in chunks, between event-loop turns. */
class StreamingBenchAdapter extends NetworkAdapter {
  override readonly capabilities = {
    streaming: true,
    cancel: false,
    resume: false,
    toolCalls: false,
    cards: false,
  }
  async startChatAgent(): Promise<string> {
    return agentId
  }
  async sendMessage(): Promise<ChatResponse> {
    return { items: [], conversationId: agentId }
  }
  async getConversationItems(): Promise<ChatResponseItem[]> {
    return []
  }
  async clearConversationHistory(): Promise<void> {}
  async stopChatAgent(): Promise<void> {}
  /** Emits `chunk` events per turn; with `pauseMs`, waits that long between chunks (a paced model). */
  async stream(events: ChatEvent[], chunk: number, pauseMs = 0): Promise<void> {
    for (let offset = 0; offset < events.length; offset += chunk) {
      for (const event of events.slice(offset, offset + chunk)) this.emit(event)
      await new Promise((resolve) =>
        pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve),
      )
    }
    this.emit({ type: "run-finished", agentId, runId, status: "ok" })
  }
}

async function benchStreaming(
  label: string,
  schedule: FlushSchedule,
  itemCount: number,
  total: number,
  pauseMs = 0,
) {
  const store = createChatStore()
  store.getState().dispatch(conversationActions(itemCount))
  const adapter = new StreamingBenchAdapter()
  const controller = createChatController({ adapter, store, scheduleFlush: schedule })
  let notifications = 0
  const unsubscribe = store.subscribe(() => {
    notifications += 1
  })
  const began = performance.now()
  await adapter.stream(deltas(total), pauseMs > 0 ? 5 : 50, pauseMs)
  const seconds = (performance.now() - began) / 1000
  unsubscribe()
  controller.dispose()
  if (store.getState().conversations.c1?.run.status !== "idle")
    throw new Error("the run did not finish")
  console.log(
    `  ${label.padEnd(22)} ${format(itemCount).padStart(6)} items, ${format(total).padStart(7)} deltas: ` +
      `${format(notifications).padStart(7)} store notifications, ${format(notifications / seconds).padStart(7)} updates/s, ` +
      `${format(total / seconds).padStart(9)} deltas/s  (${(seconds * 1000).toFixed(0)} ms)`,
  )
}

/** Lets the JIT compile the hot path first, so the figures measure steady state. */
function warmUp(): void {
  const start = reduceChat(initialChatState, conversationActions(100))
  const events = deltas(20_000)
  for (let round = 0; round < 5; round += 1) {
    reduceChat(start, events)
    let state = start
    for (const event of events.slice(0, 2_000)) state = reduceChat(state, event)
  }
}

console.log(`Node ${process.version}`)
warmUp()
console.log("reduceChat: text-deltas into one streaming message (after a warm-up)")
benchReducer(10_000, 100_000, 100_000)
benchReducer(10_000, 100_000, 1_000)
benchReducer(10_000, 100_000, 100)
benchReducer(10_000, 1_000, 1)
benchReducer(100, 100_000, 1)

console.log("controller: an adapter streaming 50 deltas per event-loop turn")
await benchStreaming("coalescing on (16 ms)", "frame", 10_000, 100_000)
await benchStreaming("coalescing off (sync)", "sync", 10_000, 2_000)
await benchStreaming("coalescing on (16 ms)", "frame", 100, 100_000)
await benchStreaming("coalescing off (sync)", "sync", 100, 100_000)

console.log(
  "controller: a paced stream, 5 deltas every 5 ms (about 1,000 deltas/s, like a fast model)",
)
await benchStreaming("coalescing on (16 ms)", "frame", 10_000, 2_000, 5)
await benchStreaming("coalescing off (sync)", "sync", 10_000, 2_000, 5)
