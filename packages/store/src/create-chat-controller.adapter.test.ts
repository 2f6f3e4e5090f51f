import { ChatError, type ChatEvent, type ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it, vi } from "vitest"
import { createChatController } from "./create-chat-controller.js"
import { createChatStore } from "./create-chat-store.js"
import {
  answerItem,
  setup,
  tick,
  timestamp,
  userItem,
  withConversation,
} from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"

describe("createChatController: history, reload, cards, connection", () => {
  it("clears history through the adapter and reloads items from it, skipping bad ones", async () => {
    const { adapter, controller, active, texts } = setup()
    await withConversation(controller)
    adapter.items = [
      userItem("u1", "Hi"),
      { id: "x" } as unknown as ChatResponseItem,
      answerItem("a1", "Hello"),
    ]
    await controller.reload()
    expect(texts()).toEqual(["user: Hi", "assistant: Hello"])
    expect(active().lastError).toMatchObject({ code: "PROTOCOL_ERROR" })
    await controller.clearHistory()
    expect(adapter.cleared).toEqual(["agent-1"])
    expect(texts()).toEqual([])
  })

  it("keeps a failed reload as the conversation's error and rejects with a ChatError", async () => {
    const { adapter, controller, active } = setup()
    await withConversation(controller)
    adapter.getConversationItems = async () => {
      throw new Error("socket hang up")
    }
    await expect(controller.reload()).rejects.toMatchObject({
      name: "ChatError",
      message: "socket hang up",
    })
    expect(active().lastError).toMatchObject({ message: "socket hang up" })
  })

  it("passes a card's button action to the adapter, not a link", async () => {
    const { adapter, controller } = setup()
    await withConversation(controller)
    const card = { id: "k", type: "weather", content: {} }
    await controller.handleCardAction(
      { id: "b", label: "More", type: "button", action: "more" },
      card,
    )
    await controller.handleCardAction(
      { id: "l", label: "Open", type: "link", action: "https://example.org" },
      card,
    )
    expect(adapter.cardActions).toMatchObject([{ agentId: "agent-1", action: { id: "b" } }])
  })

  it("follows the adapter's connection and adapter-wide errors", () => {
    const { adapter, controller } = setup()
    adapter.push({ type: "connection-changed", status: "reconnecting" })
    adapter.push({
      type: "error",
      error: { code: "CONNECTION_LOST", message: "Lost; retrying.", retryable: true },
    })
    expect(controller.store.getState().connection).toEqual({ status: "reconnecting" })
    expect(controller.store.getState().lastError).toMatchObject({ code: "CONNECTION_LOST" })
  })

  it("never lets a malformed event throw out of the adapter's emit", async () => {
    const { adapter, controller, active } = setup()
    await withConversation(controller)
    const junk = [
      { type: "item-added", agentId: "agent-1", item: null },
      { type: "text-delta", agentId: "agent-1" },
      { type: "item-updated", agentId: "agent-1", itemId: "x", patch: null },
      { type: "run-finished", agentId: "agent-1" },
      { type: "mystery" },
    ]
    for (const event of junk)
      expect(() => adapter.push(event as unknown as ChatEvent)).not.toThrow()
    expect(active().lastError).toMatchObject({ code: "PROTOCOL_ERROR" })
    expect(active().itemIds).toEqual([])
  })

  it("subscribes to the agents of conversations already in the store, and stops on dispose", () => {
    const adapter = new TestAdapter()
    const store = createChatStore()
    store.getState().dispatch([
      {
        type: "conversation-created",
        conversation: { id: "old", title: "Old", createdAt: timestamp, agentId: "agent-9" },
      },
      { type: "conversation-selected", conversationId: "old" },
    ])
    const controller = createChatController({ adapter, store, scheduleFlush: "sync" })
    adapter.push({ type: "item-added", agentId: "agent-9", item: answerItem("a1", "Still here") })
    expect(store.getState().conversations.old?.itemIds).toEqual(["a1"])
    controller.dispose()
    const before = store.getState()
    adapter.push({ type: "item-added", agentId: "agent-9", item: answerItem("a2", "Gone") })
    expect(store.getState()).toBe(before)
  })

  it("made with connect: false listens only between connect() and the last undo of it", () => {
    const adapter = new TestAdapter()
    const store = createChatStore()
    store.getState().dispatch({
      type: "conversation-created",
      conversation: { id: "old", title: "Old", createdAt: timestamp, agentId: "agent-9" },
    })
    const controller = createChatController({
      adapter,
      store,
      scheduleFlush: "sync",
      connect: false,
    })
    const itemIds = () => store.getState().conversations.old?.itemIds
    adapter.push({ type: "item-added", agentId: "agent-9", item: answerItem("a1", "Unheard") })
    expect(itemIds()).toEqual([])
    // StrictMode's effect, cleanup, effect: two connects, one undone.
    controller.connect()()
    const disconnect = controller.connect()
    adapter.push({ type: "item-added", agentId: "agent-9", item: answerItem("a2", "Heard") })
    expect(itemIds()).toEqual(["a2"])
    disconnect()
    disconnect()
    adapter.push({ type: "item-added", agentId: "agent-9", item: answerItem("a3", "Unheard") })
    expect(itemIds()).toEqual(["a2"])
  })
})

describe("createChatController: ids", () => {
  it("sends on a page without crypto.randomUUID (plain http other than localhost)", async () => {
    const { getRandomValues } = globalThis.crypto
    vi.stubGlobal("crypto", { getRandomValues: getRandomValues.bind(globalThis.crypto) })
    try {
      const adapter = new TestAdapter({ streaming: false })
      const controller = createChatController({ adapter, scheduleFlush: "sync" })
      const sending = controller.send("Hello")
      await tick()
      adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Hi.")] })
      await sending
      const { conversations, activeConversationId } = controller.store.getState()
      expect(activeConversationId).toMatch(/^[0-9a-f-]{36}$/)
      expect(conversations[activeConversationId as string]?.itemIds).toHaveLength(2)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe("createChatController: conversations restored from storage", () => {
  it("gives a conversation whose agent is gone a new agent and sends there", async () => {
    const adapter = new TestAdapter({ streaming: false })
    const store = createChatStore()
    store.getState().dispatch([
      {
        type: "conversation-created",
        conversation: { id: "old", title: "Old", createdAt: timestamp, agentId: "agent-gone" },
      },
      { type: "conversation-selected", conversationId: "old" },
    ])
    const controller = createChatController({ adapter, store, scheduleFlush: "sync" })
    const sending = controller.send("Still there?")
    expect(adapter.lastSend().agentId).toBe("agent-gone")
    adapter.lastSend().reject(new ChatError("AGENT_NOT_RUNNING", "That agent was stopped."))
    await tick()
    expect(adapter.sends).toHaveLength(2)
    expect(adapter.lastSend()).toMatchObject({ agentId: "agent-1", message: "Still there?" })
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Yes.")] })
    await sending
    const conversation = store.getState().conversations.old
    expect(conversation).toMatchObject({ agentId: "agent-1", run: { status: "idle" } })
    expect(conversation?.itemIds).toHaveLength(2)
  })

  it("starts an agent for a stored conversation that never had one", async () => {
    const adapter = new TestAdapter()
    const store = createChatStore()
    store.getState().dispatch([
      {
        type: "conversation-created",
        conversation: { id: "draft", title: "Draft", createdAt: timestamp },
      },
      { type: "conversation-selected", conversationId: "draft" },
    ])
    const controller = createChatController({ adapter, store, scheduleFlush: "sync" })
    void controller.send("Hello")
    expect(store.getState().conversations.draft?.itemIds).toHaveLength(1)
    await tick()
    expect(adapter.lastSend().agentId).toBe("agent-1")
    expect(store.getState().conversations.draft?.agentId).toBe("agent-1")
  })

  it("keeps a different failure as the turn's error without starting an agent", async () => {
    const { adapter, controller, active } = setup()
    await withConversation(controller)
    const sending = controller.send("Hi")
    adapter.lastSend().reject(new Error("boom"))
    await sending
    expect(adapter.sends).toHaveLength(1)
    expect(active()).toMatchObject({
      agentId: "agent-1",
      run: { status: "error" },
      lastError: { message: "boom" },
    })
  })
})
