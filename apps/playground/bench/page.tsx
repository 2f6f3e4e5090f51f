/**
 * The benchmark page: mounts either the whole `<ChatView controller>` (header, connection
 * status, list, error banner, composer: what a user renders) or the `MessageList` alone inside
 * a `ChatProvider`, over a bench adapter whose tokens are pushed from plain code (a
 * MessageChannel post after the previous token ran), as a network stream would.
 * `bench/ui.bench.ts` drives it through `window.bench`. `?devtools=1` also mounts the devtools
 * open beside the chat (in a React root of its own: the commits counted stay the chat's); `?tap=0`
 * pushes the events without the wire tap call (see `BenchAdapter`).
 */
import "@aichatkit/ui/styles.css"
import type { ChatDevtoolsProps } from "@aichatkit/devtools"
import {
  type BranchPoint,
  type ChatController,
  type ConversationState,
  createChatController,
} from "@aichatkit/store"
import type { ChatResponseItem } from "@aichatkit/types"
import {
  ChatProvider,
  ChatView,
  MessageItem,
  type MessageItemProps,
  MessageList,
  preloadMarkdown,
} from "@aichatkit/ui"
import type { ComponentType } from "react"
import { createRoot } from "react-dom/client"
import { createReply, createThread, cutTokens } from "./data.js"
import { AGENT_ID, BenchAdapter, counters, countFrames, feedTokens } from "./measure.js"

function CountingMessage(props: MessageItemProps) {
  counters.itemRenders.set(props.item.id, (counters.itemRenders.get(props.item.id) ?? 0) + 1)
  return <MessageItem {...props} />
}

/**
 * Called around A-fast's timed window (the token feed until painted): marked for a trace
 * (`performance.measure` "a-fast-timed-window"), and the driver's CPU profile of exactly that
 * window (`--profile`) through the functions it exposes on the page, if any.
 */
const timedWindow = {
  async opened() {
    await (window as { benchWindowOpened?: () => Promise<void> }).benchWindowOpened?.()
    performance.mark("a-fast-timed-window")
  },
  async closed() {
    performance.measure("a-fast-timed-window", "a-fast-timed-window")
    await (window as { benchWindowClosed?: () => Promise<void> }).benchWindowClosed?.()
  },
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve))
const settle = async () => {
  for (let frame = 0; frame < 5; frame++) await nextFrame()
}

let adapter: BenchAdapter
let controller: ChatController

const search = new URLSearchParams(location.search)
const withDevtools = search.get("devtools") === "1"
const tapped = search.get("tap") !== "0"

/** The devtools panel, loaded only for `?devtools=1` (otherwise not even in the page). */
async function loadDevtools(): Promise<ComponentType<ChatDevtoolsProps> | undefined> {
  if (!withDevtools) return undefined
  return (await import("@aichatkit/devtools")).ChatDevtools
}

/** What is measured: the whole `<ChatView>`, or the list alone (the figures kept beside). */
export type BenchView = "chatview" | "list"

const chatContainer = document.getElementById("chat") as HTMLElement
// Called by the React DevTools hook that bench.html installs, on every commit of every root.
;(window as unknown as { benchOnCommit: (container: unknown) => void }).benchOnCommit = (
  container,
) => {
  if (container === chatContainer) counters.committed()
}

function benchTree(view: BenchView) {
  const renderers = { message: CountingMessage }
  if (view === "chatview") return <ChatView controller={controller} renderers={renderers} />
  return (
    <ChatProvider controller={controller} renderers={renderers}>
      <MessageList />
    </ChatProvider>
  )
}

async function mount(items: ChatResponseItem[], view: BenchView, untilText?: string) {
  adapter = new BenchAdapter(tapped)
  adapter.items = items
  controller = createChatController({ adapter })
  controller.store.subscribe(() => counters.flushed())
  const Devtools = await loadDevtools()
  createRoot(chatContainer).render(benchTree(view))
  if (Devtools) {
    createRoot(document.getElementById("devtools") as HTMLElement).render(
      <Devtools adapter={adapter} store={controller.store} defaultOpen />,
    )
  }
  await controller.createConversation("bench")
  await controller.reload()
  if (untilText) {
    while (!document.body.textContent?.includes(untilText)) await nextFrame()
  }
  await nextFrame()
  await nextFrame()
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

/**
 * Gives the conversation a branch point every `every` items, each with one other version
 * waiting (a regenerated answer or an edited message), as a long, much-edited thread has.
 */
function addBranches(every: number): number {
  const state = controller.store.getState()
  const id = state.activeConversationId as string
  const conversation = state.conversations[id] as ConversationState
  const branches: BranchPoint[] = []
  for (let at = every; at < conversation.itemIds.length; at += every) {
    const item: ChatResponseItem = {
      id: `other-version-${at}`,
      type: "message",
      role: "assistant",
      content: "Another version of this answer.",
      timestamp: new Date().toISOString(),
    }
    branches.push({ at, selected: 1, alternatives: [{ items: [item], branches: [] }, null] })
  }
  controller.store.setState({
    conversations: { ...state.conversations, [id]: { ...conversation, branches } },
  })
  return branches.length
}

/** Times a feed of `tokenCount` tokens into `onToken`, until two frames after the last. */
async function timeFeed(tokenCount: number, onToken: (token: string) => void) {
  const tokens = cutTokens(createReply(), tokenCount)
  // The feed starts at the beginning of a frame with nothing left to lay out or paint, as
  // A-fast's does (and bench/peers' harness for every page). Until 2026-12-05 it started right
  // after the tokens were made and the floor's reply appended: its first frame also laid out and
  // painted that set-up, which cost the floor about 10 ms (see README, Performance).
  await settle()
  const start = performance.now()
  await feedTokens(tokens, onToken)
  const lastTokenMs = performance.now() - start
  await nextFrame()
  const endFrameStart = await nextFrame()
  return { elapsedMs: performance.now() - start, lastTokenMs, endFrameMs: endFrameStart - start }
}

export const benchApi = {
  /** Mounts a thread of `count` messages; with `branchEvery`, a branch point every that many. */
  async mountThread(count: number, view: BenchView, branchEvery?: number) {
    await mount(createThread(count), view, undefined)
    if (branchEvery !== undefined) addBranches(branchEvery)
    await settle()
    // The items' actions load lazily: streaming is measured once they are there, not while
    // their chunk arrives (its one commit is the page's first use, not the stream's cost).
    for (let frame = 0; frame < 300; frame++) {
      if (document.querySelector(".aichatkit-message-actions")) break
      await nextFrame()
    }
  },

  async streamFast(tokenCount: number) {
    const reply = createReply()
    const tokens = cutTokens(reply, tokenCount)
    const itemId = startReply()
    await settle()
    counters.commits = 0
    counters.flushes = 0
    counters.itemRenders.clear()
    await timedWindow.opened()
    const frameCounter = countFrames()
    const start = performance.now()
    await feedTokens(tokens, (delta) =>
      adapter.push({ type: "text-delta", agentId: AGENT_ID, runId: "run", itemId, delta }),
    )
    frameCounter.endStreaming()
    const lastTokenMs = performance.now() - start
    // What streaming did, before the reply's end adds its own flushes and commits.
    const flushes = counters.flushes
    const streamingCommits = counters.commits
    counters.watchEnding()
    finishReply(itemId)
    // Painted means the reply's last words are in its item on the page (not only in the live
    // region that announces it), and a frame has run since.
    const tail = reply.slice(-40)
    const shownReply = () => document.querySelector(`[data-item-id="${itemId}"]`)?.textContent
    let lastFrameStart = performance.now()
    while (!shownReply()?.includes(tail)) lastFrameStart = await nextFrame()
    // What the frame that shows the last words cost, from its start to the first task after
    // its paint (measured beside the timing, not awaited, so the end is not moved by it).
    let lastFrameMs = Number.NaN
    setTimeout(() => {
      lastFrameMs = performance.now() - lastFrameStart
    }, 0)
    // The frame the stopwatch stops in, by when it began (its animation frame's time), beside
    // when the stopwatch read it. The difference is what held it up: the work of the frames
    // before it running past its start (the reply's last update, the frame that paints it), and
    // what runs in it first (the scroll event of a view pinned to the bottom).
    const endFrameStart = await nextFrame()
    const elapsedMs = performance.now() - start
    const { frames, maxCommitsPerFrame, framesOverOneCommit } = frameCounter.stop()
    await timedWindow.closed()
    let otherItemRenders = 0
    for (const [id, count] of counters.itemRenders) if (id !== itemId) otherItemRenders += count
    return {
      elapsedMs,
      endFrameMs: endFrameStart - start,
      lastTokenMs,
      lastUpdateAppliedMs: counters.ending.flushedAt - start,
      lastUpdateCommittedMs: counters.ending.committedAt - start,
      lastFrameMs,
      frames,
      commits: counters.commits,
      flushes,
      streamingCommits,
      maxCommitsPerFrame,
      framesOverOneCommit,
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
    counters.commits = 0
    const frameCounter = countFrames()
    for (const delta of tokens) {
      adapter.push({ type: "text-delta", agentId: AGENT_ID, runId: "run", itemId, delta })
      await new Promise((resolve) => setTimeout(resolve, 1000 / tokensPerSecond))
    }
    frameCounter.endStreaming()
    finishReply(itemId)
    await settle()
    observer.disconnect()
    const { worstGap, frames, maxCommitsPerFrame, framesOverOneCommit } = frameCounter.stop()
    return {
      longTasks,
      worstFrameGapMs: worstGap,
      commitsPerFrame: counters.commits / Math.max(1, frames),
      maxCommitsPerFrame,
      framesOverOneCommit,
    }
  },

  async mountLarge(count: number, view: BenchView) {
    const items = createThread(count)
    const last = items[items.length - 1] as { content: string }
    const start = performance.now()
    await mount(items, view, last.content.slice(0, 40))
    return { elapsedMs: performance.now() - start, domNodes: document.querySelectorAll("*").length }
  },

  /**
   * The floor: plain DOM. The same 1,000-message thread as one div per message with its raw
   * text, in a scrolled list at the bottom (mounted and settled, not timed, as A-fast's thread
   * is), then one text node grown by the same tokens: PERFORMANCE.md's floor, as
   * `bench/peers/src/libraries/floor.ts` builds it. That floor scrolls to the bottom once, when
   * the reply starts: the rest of the reply grows below the fold, and is never painted on screen.
   * With `followBottom`, the list is also scrolled to the bottom on every animation frame while
   * the tokens come, so the text shows as it grows, as in a chat (and as `<ChatView>` does).
   */
  async floorFast(tokenCount: number, followBottom = false) {
    const list = document.createElement("div")
    list.style.cssText = "flex: 1 1 auto; min-height: 0; overflow-y: auto"
    const messageElement = (content: string) => {
      const element = document.createElement("div")
      element.textContent = content
      return element
    }
    for (const message of createThread(1000)) list.append(messageElement(message.content))
    chatContainer.append(list)
    list.scrollTop = list.scrollHeight
    await settle()
    const reply = messageElement("")
    const text = document.createTextNode("")
    reply.append(text)
    list.append(reply)
    list.scrollTop = list.scrollHeight
    let following = followBottom
    const follow = () => {
      if (!following) return
      list.scrollTop = list.scrollHeight
      requestAnimationFrame(follow)
    }
    requestAnimationFrame(follow)
    const timed = await timeFeed(tokenCount, (token) => {
      text.data += token
    })
    following = false
    return timed
  },

  /**
   * The instrument alone: the same feed, one macrotask per token, doing nothing with them.
   * What A-fast and the floor take beyond it is the work each does.
   */
  async feedAlone(tokenCount: number) {
    return timeFeed(tokenCount, () => {})
  },
}

export type BenchApi = typeof benchApi
// Every figure is taken with markdown rendered: the bench starts once its chunk has arrived.
preloadMarkdown().then(() => {
  ;(window as unknown as { bench: BenchApi }).bench = benchApi
})
