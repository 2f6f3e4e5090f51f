import { ChatError, type ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import {
  answerItem,
  setup,
  streamAnswer,
  tick,
  userItem,
  withConversation,
} from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"
import type { ChatController } from "./types.js"

describe("createChatController: conversations", () => {
  it("starts an agent for a new conversation and selects it", async () => {
    const { controller, active } = setup()
    const id = await controller.createConversation("Trip")
    expect(active()).toMatchObject({
      id,
      title: "Trip",
      agentId: "agent-1",
      run: { status: "idle" },
    })
  })

  it("rejects with the adapter's error when the agent cannot start, and keeps it to show", async () => {
    const { adapter, controller } = setup()
    adapter.failStart = true
    await expect(controller.createConversation()).rejects.toMatchObject({
      code: "CONNECTION_FAILED",
    })
    const state = controller.store.getState()
    expect(state.conversationOrder).toEqual([])
    expect(state.lastError).toMatchObject({ code: "CONNECTION_FAILED" })
  })

  it("keeps a first message whose agent cannot start, as a failed turn to retry", async () => {
    const { adapter, controller, active, texts } = setup()
    adapter.failStart = true
    await controller.send("Hello?")
    expect(texts()).toEqual(["user: Hello?"])
    expect(active()).toMatchObject({
      title: "Hello?",
      run: { status: "error" },
      lastError: { code: "CONNECTION_FAILED" },
      lastFailedMessage: "Hello?",
    })
    adapter.failStart = false
    const retrying = controller.retry()
    await tick()
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Yes.")] })
    await retrying
    expect(texts()).toEqual(["user: Hello?", "assistant: Yes."])
    expect(active()).toMatchObject({ agentId: "agent-1", run: { status: "idle" } })
  })

  it("renames, selects and deletes (stopping the agent, ignoring its later events)", async () => {
    const { adapter, controller, reported } = setup()
    const first = await controller.createConversation()
    const second = await controller.createConversation()
    controller.renameConversation(first, "  Renamed ")
    controller.selectConversation(first)
    expect(controller.store.getState().activeConversationId).toBe(first)
    await controller.deleteConversation(first)
    expect(adapter.stopped).toEqual(["agent-1"])
    expect(controller.store.getState().conversationOrder).toEqual([second])
    expect(controller.store.getState().activeConversationId).toBe(second)
    const before = controller.store.getState()
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "late" })
    expect(controller.store.getState()).toBe(before)
    expect(reported).toMatchObject([{ code: "NOT_FOUND" }])
  })

  it.each<[string, (controller: ChatController) => unknown]>([
    ["select", (c) => c.selectConversation("nope")],
    ["rename", (c) => c.renameConversation("nope", "x")],
    ["cancel", (c) => c.cancel("nope")],
  ])("throws NOT_FOUND for %s with an unknown id, state unchanged", async (_name, call) => {
    const { controller } = setup()
    await withConversation(controller)
    const before = controller.store.getState()
    expect(() => call(controller)).toThrow(ChatError)
    expect(controller.store.getState()).toBe(before)
  })

  it.each<[string, (controller: ChatController) => Promise<unknown>]>([
    ["delete", (c) => c.deleteConversation("nope")],
    ["send", (c) => c.send("hi", { conversationId: "nope" })],
    ["retry", (c) => c.retry("nope")],
    ["clear", (c) => c.clearHistory("nope")],
    ["reload", (c) => c.reload("nope")],
  ])("rejects %s with an unknown id with NOT_FOUND, state unchanged", async (_name, call) => {
    const { controller } = setup()
    await withConversation(controller)
    const before = controller.store.getState()
    await expect(call(controller)).rejects.toMatchObject({ name: "ChatError", code: "NOT_FOUND" })
    expect(controller.store.getState()).toBe(before)
  })

  it("rejects an empty message and a second send while an answer is arriving", async () => {
    const { controller } = setup()
    await withConversation(controller)
    await expect(controller.send("   ")).rejects.toMatchObject({ code: "INVALID_INPUT" })
    void controller.send("first")
    await expect(controller.send("second")).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })
})

describe("createChatController: sending", () => {
  it("shows the user's message at once and replaces it with the server's copy (one bubble)", async () => {
    const { adapter, controller, active, texts } = setup()
    const sending = controller.send("What is the weather?")
    await tick()
    // A conversation was created for the first message and titled after it.
    expect(active()).toMatchObject({ title: "What is the weather?", run: { status: "submitted" } })
    expect(active().itemIds).toEqual(["local-id-2"])
    expect(adapter.lastSend().message).toBe("What is the weather?")
    streamAnswer(adapter, "agent-1", "r1", "Mild and dry")
    expect(texts()).toEqual(["user: What is the weather?", "assistant: Mild and dry "])
    // The final response repeats both items: reconciled by id, nothing duplicated.
    adapter.lastSend().resolve({
      conversationId: "agent-1",
      items: [userItem("u-r1", "What is the weather?"), answerItem("a-r1", "Mild and dry ")],
    })
    await sending
    expect(texts()).toEqual(["user: What is the weather?", "assistant: Mild and dry "])
    expect(active().run).toEqual({ status: "idle", runId: "r1" })
  })

  it("lands a non-streaming adapter's response as one batch", async () => {
    const { adapter, controller, texts } = setup(new TestAdapter({ streaming: false }))
    await withConversation(controller)
    const statuses: string[] = []
    controller.store.subscribe((state) => {
      const conversation = state.conversations[state.activeConversationId as string]
      statuses.push(`${conversation?.run.status}:${conversation?.itemIds.length}`)
    })
    const sending = controller.send("Hello")
    adapter.lastSend().resolve({
      conversationId: "agent-1",
      items: [
        userItem("u1", "Hello"),
        answerItem("a1", "Hi!"),
        answerItem("a2", "How can I help?"),
      ],
    })
    await sending
    expect(statuses).toEqual(["submitted:1", "idle:3"])
    expect(texts()).toEqual(["user: Hello", "assistant: Hi!", "assistant: How can I help?"])
  })

  it("keeps the optimistic item when the response has no user item, and reports bad items", async () => {
    const { adapter, controller, active, texts } = setup(new TestAdapter({ streaming: false }))
    await withConversation(controller)
    const sending = controller.send("Hello")
    adapter.lastSend().resolve({
      conversationId: "agent-1",
      items: [answerItem("a1", "Hi!"), { id: "bad", type: "video" } as unknown as ChatResponseItem],
    })
    await sending
    expect(texts()).toEqual(["user: Hello", "assistant: Hi!"])
    expect(active().lastError).toMatchObject({ code: "PROTOCOL_ERROR" })
  })

  it("turns a rejected send into a run error, and retry sends the same text again", async () => {
    const { adapter, controller, active, texts } = setup()
    await withConversation(controller)
    const sending = controller.send("Book a table")
    adapter
      .lastSend()
      .reject(
        new ChatError("RATE_LIMITED", "Too many requests; wait a minute.", { retryable: true }),
      )
    await sending
    expect(active()).toMatchObject({
      run: { status: "error" },
      lastError: {
        code: "RATE_LIMITED",
        message: "Too many requests; wait a minute.",
        retryable: true,
      },
      lastFailedMessage: "Book a table",
    })
    const retrying = controller.retry()
    expect(adapter.sends).toHaveLength(2)
    expect(adapter.lastSend().message).toBe("Book a table")
    expect(texts()).toEqual(["user: Book a table"])
    expect(active().lastError).toBeUndefined()
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Done.")] })
    await retrying
    expect(texts()).toEqual(["user: Book a table", "assistant: Done."])
    await expect(controller.retry()).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })

  it("offers retry when a streamed run ends in error and the promise still resolves", async () => {
    const { adapter, controller, active } = setup()
    await withConversation(controller)
    const sending = controller.send("Forecast")
    const error = {
      code: "SERVER_ERROR",
      message: "The agent failed; try again.",
      retryable: true,
    } as const
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r1" })
    adapter.push({ type: "error", agentId: "agent-1", runId: "r1", error })
    adapter.push({ type: "run-finished", agentId: "agent-1", runId: "r1", status: "error", error })
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await sending
    expect(active()).toMatchObject({
      run: { status: "error" },
      lastError: error,
      lastFailedMessage: "Forecast",
    })
    void controller.retry()
    expect(adapter.lastSend().message).toBe("Forecast")
  })

  it("keeps a response that is not a ChatResponse from breaking anything", async () => {
    const { adapter, controller, active } = setup()
    await withConversation(controller)
    const sending = controller.send("Hi")
    adapter.lastSend().resolve("nonsense" as never)
    await sending
    expect(active()).toMatchObject({
      run: { status: "error" },
      lastError: { code: "PROTOCOL_ERROR" },
    })
  })
})
