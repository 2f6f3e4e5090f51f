/** Persistence over the storage quota: what fits is kept by the documented rule, and the user is told. */
import type { ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it, vi } from "vitest"
import type { StateStorage } from "zustand/middleware"
import { createChatStore } from "./create-chat-store.js"
import { chatPersistence, DEFAULT_PERSIST_NAME } from "./persistence.js"

/** A storage like localStorage with a quota on the characters of all its values. */
function quotaStorage(quota: number) {
  const data = new Map<string, string>()
  const storage: StateStorage = {
    getItem: (name) => data.get(name) ?? null,
    setItem: (name, value) => {
      let used = value.length
      for (const [key, stored] of data) if (key !== name) used += stored.length
      if (used > quota) throw new DOMException("The quota has been exceeded.", "QuotaExceededError")
      data.set(name, value)
    },
    removeItem: (name) => void data.delete(name),
  }
  return { storage, data }
}

const message = (id: string, content: string, timestamp: string): ChatResponseItem => ({
  id,
  type: "message",
  role: "user",
  content,
  timestamp,
})

describe("persistence over the storage quota", () => {
  it("leaves out the least recently updated conversations' items first, and tells the user", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const { storage } = quotaStorage(25_000)
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    const conversations = ["old", "middle", "new"]
    conversations.forEach((id, index) => {
      const time = `2026-01-0${index + 1}T00:00:00.000Z`
      store.getState().dispatch([
        { type: "conversation-created", conversation: { id, title: id, createdAt: time } },
        {
          type: "conversation-items-loaded",
          conversationId: id,
          items: [message(`${id}-1`, "x".repeat(10_000), time)],
        },
      ])
    })
    store.getState().dispatch({ type: "conversation-selected", conversationId: "middle" })
    await Promise.resolve()
    expect(store.getState().lastError).toMatchObject({
      code: "STORAGE_ERROR",
      message: expect.stringContaining("the messages of the 1 least recently used conversation"),
    })

    const reloaded = createChatStore({
      persist: chatPersistence({ storage, writeDelayMs: 0 }),
    }).getState()
    // Every conversation is still listed; only the oldest lost its items.
    expect(reloaded.conversationOrder).toEqual(["new", "middle", "old"])
    expect(reloaded.conversations.old?.itemIds).toEqual([])
    expect(reloaded.conversations.middle?.itemIds).toEqual(["middle-1"])
    expect(reloaded.conversations.new?.itemIds).toEqual(["new-1"])
  })

  it("says so when not even the conversation list fits", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const { storage, data } = quotaStorage(10)
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    store.getState().dispatch({
      type: "conversation-created",
      conversation: { id: "a", title: "A", createdAt: "2026-01-01T00:00:00.000Z" },
    })
    await Promise.resolve()
    expect(data.has(DEFAULT_PERSIST_NAME)).toBe(false)
    expect(store.getState().lastError).toMatchObject({
      code: "STORAGE_ERROR",
      message: expect.stringContaining("could not be saved"),
    })
  })
})
