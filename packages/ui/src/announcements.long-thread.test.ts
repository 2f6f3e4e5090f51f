import type { ConversationState } from "@aichatkit/store"
import type { ChatResponseItem, ToolCallStatus } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { conversationAnnouncements, createAnnouncerMemory } from "./announcements.js"
import { defaultLabels } from "./labels.js"

const THREAD_LENGTH = 10_000

function message(id: string, role: "user" | "assistant", content: string): ChatResponseItem {
  return { id, type: "message", role, content, timestamp: "2026-01-01T00:00:00.000Z" }
}

function tool(status: ToolCallStatus): ChatResponseItem {
  return {
    id: "tool-1",
    type: "tool_call",
    toolCall: { id: "call-1", name: "weather", arguments: {}, status },
  }
}

/**
 * A long thread (a tool call first, then messages) with an answer streaming at its end. Its
 * items record counts the ids looked up in it, as the announcer reads it.
 */
function longThread() {
  const items: Record<string, ChatResponseItem> = { "tool-1": tool("executing") }
  const itemIds = ["tool-1"]
  for (let index = 1; index < THREAD_LENGTH; index++) {
    const id = `m${index}`
    items[id] = message(id, index % 2 === 0 ? "assistant" : "user", `Message ${index}.`)
    itemIds.push(id)
  }
  items.reply = message("reply", "assistant", "")
  itemIds.push("reply")
  const state: ConversationState = {
    id: "c",
    title: "t",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    itemIds,
    items,
    streamingItemIds: { reply: true },
    run: { status: "streaming" },
    pendingDeltas: {},
  }
  return state
}

/** `state` with its items replaced by `changes`, the items record counting its lookups. */
function changed(state: ConversationState, changes: Record<string, ChatResponseItem>) {
  const lookups = { count: 0 }
  const items = new Proxy(
    { ...state.items, ...changes },
    {
      getOwnPropertyDescriptor(target, key) {
        lookups.count++
        return Reflect.getOwnPropertyDescriptor(target, key)
      },
      get(target, key, receiver) {
        lookups.count++
        return Reflect.get(target, key, receiver)
      },
    },
  )
  return { next: { ...state, items }, lookups }
}

describe("announcements in a long thread", () => {
  it("look at a handful of items, not at every one, when an answer's text grows", () => {
    const before = longThread()
    const memory = createAnnouncerMemory(before)
    const { next, lookups } = changed(before, {
      reply: message("reply", "assistant", "The answer so far"),
    })
    expect(conversationAnnouncements(memory, before, next, defaultLabels)).toEqual([])
    expect(lookups.count).toBeLessThan(10)
  })

  it("still announce a tool call far up the thread changing status", () => {
    const before = longThread()
    const memory = createAnnouncerMemory(before)
    const { next } = changed(before, { "tool-1": tool("completed") })
    expect(conversationAnnouncements(memory, before, next, defaultLabels)).toEqual([
      "weather finished",
    ])
  })

  it("announce an answer when it stops streaming, and one whose text came after it settled", () => {
    const before = longThread()
    const memory = createAnnouncerMemory(before)
    const done = { ...before, streamingItemIds: {}, run: { status: "idle" as const } }
    // The answer ended with no text: nothing to say yet.
    expect(conversationAnnouncements(memory, before, done, defaultLabels)).toEqual([])
    const { next } = changed(done, { reply: message("reply", "assistant", "Late words.") })
    expect(conversationAnnouncements(memory, done, next, defaultLabels)).toEqual([
      "Assistant: Late words.",
    ])
  })
})
