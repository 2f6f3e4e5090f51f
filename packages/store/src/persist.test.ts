import type { ChatResponseItem } from "@aichatkit/types"
import { afterEach, describe, expect, it, vi } from "vitest"
import type { StateStorage } from "zustand/middleware"
import { createChatStore } from "./create-chat-store.js"
import { unreadableCopyName } from "./persist-storage.js"
import { chatPersistence, DEFAULT_PERSIST_NAME, PERSIST_VERSION } from "./persistence.js"
import { invariantViolations } from "./testdata/invariants.js"
import { memoryStorage } from "./testdata/memory-storage.js"
import { agentId, conversationId, normalTurn, runId, timestamp } from "./testdata/recorded.js"

function seededStore(storage: StateStorage) {
  const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
  store.getState().dispatch([
    {
      type: "conversation-created",
      conversation: { id: "c0", title: "Older", createdAt: timestamp },
    },
    {
      type: "conversation-created",
      conversation: { id: conversationId, title: "Weather", createdAt: timestamp, agentId },
    },
    { type: "conversation-selected", conversationId },
    { type: "connection-changed", status: "open" },
    ...normalTurn(),
    // A second run is still streaming when the page goes away.
    { type: "run-started", agentId, runId: "run-2" },
    {
      type: "item-added",
      agentId,
      runId: "run-2",
      item: { id: "m-open", type: "message", role: "assistant", content: "Half", timestamp },
    },
  ])
  return store
}

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe("persistence", () => {
  it("restores conversations, titles, agents, items, order and selection, with every run idle", () => {
    const { storage } = memoryStorage()
    const original = seededStore(storage).getState()
    const restored = createChatStore({ persist: chatPersistence({ storage }) }).getState()
    expect(invariantViolations(restored)).toEqual([])
    expect(restored.conversationOrder).toEqual([conversationId, "c0"])
    expect(restored.activeConversationId).toBe(conversationId)
    const conversation = restored.conversations[conversationId]
    const before = original.conversations[conversationId]
    expect(conversation).toMatchObject({ title: "Weather", agentId, run: { status: "idle" } })
    expect(conversation?.itemIds).toEqual(before?.itemIds)
    expect(conversation?.items).toEqual(before?.items)
    expect(conversation?.streamingItemIds).toEqual({})
    expect(restored.connection).toEqual({ status: "unknown" })
    expect(restored.conversations.c0).toMatchObject({ title: "Older", itemIds: [] })
    expect(restored.conversations.c0?.agentId).toBeUndefined()
  })

  it("writes once after a streamed answer ends, not once per token", () => {
    vi.useFakeTimers()
    const { storage, data, writes } = memoryStorage()
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 100 }) })
    const { dispatch } = store.getState()
    dispatch([
      {
        type: "conversation-created",
        conversation: { id: conversationId, title: "T", createdAt: timestamp, agentId },
      },
      { type: "run-started", agentId, runId },
      {
        type: "item-added",
        agentId,
        runId,
        item: { id: "m1", type: "message", role: "assistant", content: "", timestamp },
      },
    ])
    for (let index = 0; index < 200; index += 1) {
      dispatch({ type: "text-delta", agentId, runId, itemId: "m1", delta: "x" })
      if (index % 50 === 0) vi.runAllTimers()
    }
    // Nothing is serialized while the answer streams; the end of the run is written once.
    expect(writes()).toBe(0)
    dispatch({ type: "run-finished", agentId, runId, status: "ok" })
    dispatch({ type: "conversation-renamed", conversationId, title: "Renamed" })
    expect(writes()).toBe(0)
    vi.runAllTimers()
    expect(writes()).toBe(1)
    const stored = JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}")
    expect(stored.version).toBe(PERSIST_VERSION)
    expect(stored.state.conversations[0].items[0].content).toBe("x".repeat(200))
  })

  it("writes what is pending when the page goes away, without waiting for the timer", () => {
    vi.useFakeTimers()
    const listeners = new Map<string, () => void>()
    vi.stubGlobal("addEventListener", (type: string, listener: () => void) =>
      listeners.set(type, listener),
    )
    const { storage, data } = memoryStorage()
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 60_000 }) })
    store.getState().dispatch({
      type: "conversation-created",
      conversation: { id: "a", title: "Unsaved", createdAt: timestamp },
    })
    expect(data.has(DEFAULT_PERSIST_NAME)).toBe(false)
    listeners.get("pagehide")?.()
    expect(data.get(DEFAULT_PERSIST_NAME)).toContain('"title":"Unsaved"')
    vi.unstubAllGlobals()
  })

  it("migrates data stored by an older version through the migrate hook", () => {
    const old = { state: { chats: [{ key: "c9", name: "From v0", lines: ["hello"] }] }, version: 0 }
    const { storage } = memoryStorage({ [DEFAULT_PERSIST_NAME]: JSON.stringify(old) })
    const migrate = vi.fn((persisted: unknown, version: number) => {
      expect(version).toBe(0)
      const { chats } = persisted as typeof old.state
      return {
        conversations: chats.map((chat) => ({
          id: chat.key,
          title: chat.name,
          createdAt: timestamp,
          updatedAt: timestamp,
          items: chat.lines.map(
            (line, index): ChatResponseItem => ({
              id: `${chat.key}-${index}`,
              type: "message",
              role: "user",
              content: line,
              timestamp,
            }),
          ),
        })),
      }
    })
    const state = createChatStore({
      persist: chatPersistence({ storage, migrate, writeDelayMs: 0 }),
    }).getState()
    expect(migrate).toHaveBeenCalledOnce()
    expect(state.conversations.c9).toMatchObject({ title: "From v0", itemIds: ["c9-0"] })
  })

  it("leaves data of a newer version untouched, starts empty and says so", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const newer = JSON.stringify({
      state: { conversations: [{ id: "n", title: "Newer", createdAt: timestamp, items: [] }] },
      version: 99,
    })
    const { storage, data } = memoryStorage({ [DEFAULT_PERSIST_NAME]: newer })
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    expect(store.getState().conversations).toEqual({})
    expect(warn.mock.calls[0]?.[0]).toMatch(/version 99 is newer than this app's \(2\)/)
    store.getState().dispatch({
      type: "conversation-created",
      conversation: { id: "a", title: "A", createdAt: timestamp },
    })
    await Promise.resolve()
    expect(data.get(DEFAULT_PERSIST_NAME)).toBe(newer)
    expect(store.getState().lastError).toMatchObject({
      code: "STORAGE_ERROR",
      message: expect.stringMatching(/newer version/),
    })
  })

  it("leaves data alone when the app's migrate hook fails on it", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const older = JSON.stringify({ state: { chats: [] }, version: 1 })
    const { storage, data } = memoryStorage({ [DEFAULT_PERSIST_NAME]: older })
    const migrate = () => {
      throw new Error("unknown shape")
    }
    const store = createChatStore({
      persist: chatPersistence({ storage, version: 2, migrate, writeDelayMs: 0 }),
    })
    store.getState().dispatch({
      type: "conversation-created",
      conversation: { id: "a", title: "A", createdAt: timestamp },
    })
    await Promise.resolve()
    expect(data.get(DEFAULT_PERSIST_NAME)).toBe(older)
    expect(store.getState().lastError?.code).toBe("STORAGE_ERROR")
  })

  it("reads data of an older version forward when there is no migrate hook", () => {
    const conversation = { id: "o", title: "Older", createdAt: timestamp, items: [] }
    const { storage, data } = memoryStorage({
      [DEFAULT_PERSIST_NAME]: JSON.stringify({
        state: { conversations: [conversation] },
        version: 0,
      }),
    })
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    expect(store.getState().conversationOrder).toEqual(["o"])
    expect(JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}").version).toBe(PERSIST_VERSION)
  })

  it.each([
    ["bad JSON", "{not json", /not readable/],
    ["a value without state", JSON.stringify({ hello: 1 }), /not readable/],
    [
      "conversations that are not a list",
      JSON.stringify({ state: { conversations: "x" }, version: PERSIST_VERSION }),
      /not readable/,
    ],
  ])("starts empty with a warning when storage holds %s", async (_name, text, warning) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const { storage, data } = memoryStorage({ [DEFAULT_PERSIST_NAME]: text })
    const store = createChatStore({ persist: chatPersistence({ storage }) })
    expect(store.getState().conversations).toEqual({})
    expect(warn).toHaveBeenCalled()
    expect(String(warn.mock.calls[0]?.[0])).toMatch(warning)
    if (warning.source === "not readable") {
      // Kept aside under another key, not deleted.
      await Promise.resolve()
      expect(data.get(unreadableCopyName(DEFAULT_PERSIST_NAME))).toBe(text)
    }
  })

  it("drops only the conversations and items that do not fit, keeping the rest", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const good: ChatResponseItem = {
      id: "ok",
      type: "message",
      role: "user",
      content: "hi",
      timestamp,
    }
    const stored = {
      version: 1,
      state: {
        activeConversationId: "ghost",
        conversations: [
          {
            id: "a",
            title: "Kept",
            createdAt: timestamp,
            updatedAt: timestamp,
            items: [good, { id: "bad", type: "message" }, good],
          },
          { title: "No id", createdAt: timestamp, items: [] },
          "junk",
        ],
      },
    }
    const { storage } = memoryStorage({ [DEFAULT_PERSIST_NAME]: JSON.stringify(stored) })
    const state = createChatStore({ persist: chatPersistence({ storage }) }).getState()
    expect(invariantViolations(state)).toEqual([])
    expect(state.conversationOrder).toEqual(["a"])
    expect(state.conversations.a?.itemIds).toEqual(["ok"])
    expect(state.activeConversationId).toBeUndefined()
    expect(warn).toHaveBeenCalledTimes(3)
  })

  it("keeps a storage that throws from breaking the store", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const storage: StateStorage = {
      getItem: () => {
        throw new Error("SecurityError")
      },
      setItem: () => {
        throw new Error("QuotaExceededError")
      },
      removeItem: () => undefined,
    }
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    store.getState().dispatch({
      type: "conversation-created",
      conversation: { id: "a", title: "A", createdAt: timestamp },
    })
    expect(store.getState().conversationOrder).toEqual(["a"])
    expect(warn).toHaveBeenCalledTimes(2)
  })

  it("uses localStorage when it exists, and nothing when it does not", () => {
    const store = createChatStore({ persist: chatPersistence() })
    store.getState().dispatch({
      type: "conversation-created",
      conversation: { id: "a", title: "A", createdAt: timestamp },
    })
    expect(store.getState().conversationOrder).toEqual(["a"])
    const { storage, data } = memoryStorage()
    vi.stubGlobal("localStorage", storage)
    try {
      const persisted = createChatStore({ persist: chatPersistence({ writeDelayMs: 0 }) })
      persisted.getState().dispatch({
        type: "conversation-created",
        conversation: { id: "b", title: "B", createdAt: timestamp },
      })
      expect(data.get(DEFAULT_PERSIST_NAME)).toContain('"title":"B"')
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
