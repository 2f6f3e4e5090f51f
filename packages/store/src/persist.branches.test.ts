import type { ChatResponseItem, MessageItem } from "@aichatkit/types"
import { afterEach, describe, expect, it, vi } from "vitest"
import type { StateStorage } from "zustand/middleware"
import { selectBranchPosition } from "./branches.js"
import { createChatStore } from "./create-chat-store.js"
import { chatPersistence, DEFAULT_PERSIST_NAME, PERSIST_VERSION } from "./persistence.js"
import { invariantViolations } from "./testdata/invariants.js"
import { memoryStorage } from "./testdata/memory-storage.js"

const timestamp = "2026-01-01T00:00:00.000Z"
const message = (id: string, role: "user" | "assistant", content: string): MessageItem => ({
  id,
  type: "message",
  role,
  content,
  timestamp,
})

const shown = (store: ReturnType<typeof createChatStore>) =>
  store.getState().conversations.c1?.itemIds ?? []

/** A conversation whose second answer was regenerated: "a2" kept as branch 0, "a3" shown. */
function branchedStore(storage: StateStorage) {
  const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
  const items: ChatResponseItem[] = [
    message("u1", "user", "Paris?"),
    message("a1", "assistant", "Sunny."),
    message("u2", "user", "Rome?"),
    message("a2", "assistant", "Rainy."),
  ]
  store.getState().dispatch([
    {
      type: "conversation-created",
      conversation: { id: "c1", title: "Trip", createdAt: timestamp },
    },
    { type: "conversation-items-loaded", conversationId: "c1", items },
    { type: "branch-forked", conversationId: "c1", at: 3 },
    {
      type: "user-message-sent",
      conversationId: "c1",
      item: message("a3", "assistant", "Sunny in Rome."),
    },
    { type: "feedback-given", conversationId: "c1", itemId: "a1", feedback: "up" },
  ])
  return store
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe("persistence of branches (version 2)", () => {
  it("keeps the branches and ratings across a reload, and the other branch can be shown", () => {
    const { storage, data } = memoryStorage()
    const before = branchedStore(storage)
    expect(shown(before)).toEqual(["u1", "a1", "u2", "a3"])
    const stored = JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}")
    expect(stored.version).toBe(2)

    const after = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    expect(invariantViolations(after.getState())).toEqual([])
    expect(shown(after)).toEqual(["u1", "a1", "u2", "a3"])
    expect(after.getState().conversations.c1?.feedback).toEqual({ a1: "up" })
    expect(selectBranchPosition(after.getState(), "c1", "a3")).toEqual({
      at: 3,
      selected: 1,
      count: 2,
    })
    after.getState().dispatch({ type: "branch-selected", conversationId: "c1", at: 3, index: 0 })
    expect(shown(after)).toEqual(["u1", "a1", "u2", "a2"])
    expect(invariantViolations(after.getState())).toEqual([])
  })

  it("reads version 1 data (today's shape) forward with nothing lost, and writes it as version 2", () => {
    const conversation = {
      id: "c1",
      title: "Old",
      createdAt: timestamp,
      updatedAt: timestamp,
      items: [message("u1", "user", "Hello"), message("a1", "assistant", "Hi!")],
    }
    const { storage, data } = memoryStorage({
      [DEFAULT_PERSIST_NAME]: JSON.stringify({
        state: { conversations: [conversation], activeConversationId: "c1" },
        version: 1,
      }),
    })
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    expect(shown(store)).toEqual(["u1", "a1"])
    expect(store.getState().conversations.c1?.branches).toBeUndefined()
    const written = JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}")
    expect(written.version).toBe(PERSIST_VERSION)
    expect(written.state.conversations[0].items).toEqual(conversation.items)
  })

  it.each([
    [
      "a selected alternative that is not empty",
      [{ at: 1, selected: 0, alternatives: [{ items: [], branches: [] }] }],
    ],
    [
      "an alternative repeating a shown item",
      [
        {
          at: 1,
          selected: 1,
          alternatives: [{ items: [message("u1", "user", "x")], branches: [] }, null],
        },
      ],
    ],
    ["a point out of range of its alternatives", [{ at: 1, selected: 5, alternatives: [null] }]],
    ["not a list", { at: 1 }],
  ])(
    "drops stored branches with %s, with a warning, and keeps the shown items",
    (_name, branches) => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined)
      const conversation = {
        id: "c1",
        title: "Odd",
        createdAt: timestamp,
        items: [message("u1", "user", "Hello"), message("a1", "assistant", "Hi!")],
        branches,
      }
      const { storage } = memoryStorage({
        [DEFAULT_PERSIST_NAME]: JSON.stringify({
          state: { conversations: [conversation] },
          version: 2,
        }),
      })
      const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
      expect(shown(store)).toEqual(["u1", "a1"])
      expect(store.getState().conversations.c1?.branches).toBeUndefined()
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/other branches of conversation "Odd"/)
    },
  )
})

describe("persistence of branches over the storage quota", () => {
  it("a conversation left out for room loses its other versions with its items", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const data = new Map<string, string>()
    const storage: StateStorage = {
      getItem: (name) => data.get(name) ?? null,
      setItem: (name, value) => {
        if (value.length > 10_000) throw new DOMException("Full.", "QuotaExceededError")
        data.set(name, value)
      },
      removeItem: (name) => void data.delete(name),
    }
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    const long = "x".repeat(8_000)
    store.getState().dispatch([
      {
        type: "conversation-created",
        conversation: { id: "c1", title: "Old", createdAt: timestamp },
      },
      {
        type: "conversation-items-loaded",
        conversationId: "c1",
        items: [message("u1", "user", "Hi"), message("a1", "assistant", long)],
      },
      { type: "branch-forked", conversationId: "c1", at: 1 },
      {
        type: "conversation-created",
        conversation: { id: "c2", title: "New", createdAt: "2026-02-01T00:00:00.000Z" },
      },
      {
        type: "conversation-items-loaded",
        conversationId: "c2",
        items: [message("n1", "user", "y".repeat(3_000))],
      },
    ])
    await Promise.resolve()
    const stored = JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}")
    const old = stored.state.conversations.find((entry: { id: string }) => entry.id === "c1")
    expect(old).toMatchObject({ title: "Old", items: [] })
    expect(old.branches).toBeUndefined()
  })
})
