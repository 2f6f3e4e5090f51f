import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { createChatController } from "./create-chat-controller.js"
import { answerItem, setup, streamAnswer, withConversation } from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"

/** A TestAdapter that counts its subscriptions and the listeners each event reaches. */
class CountingAdapter extends TestAdapter {
  subscriptions = 0
  deliveries = 0

  override subscribe(agentId: string, listener: (event: ChatEvent) => void): () => void {
    this.subscriptions += 1
    return super.subscribe(agentId, (event) => {
      this.deliveries += 1
      listener(event)
    })
  }
}

describe("AdapterEventRouter", () => {
  it("subscribes once, however many conversations and flushes, and each event reaches it once", async () => {
    const adapter = new CountingAdapter()
    const { controller, texts } = setup(adapter)
    await withConversation(controller)
    void controller.send("Hello")
    streamAnswer(adapter, "agent-1", "r1", "Hi there")
    await controller.createConversation()
    void controller.send("Again")
    streamAnswer(adapter, "agent-2", "r2", "Hello again")
    expect(adapter.subscriptions).toBe(1)
    // streamAnswer pushes 5 events and one per word: 7 for each answer.
    expect(adapter.deliveries).toBe(14)
    expect(texts()).toEqual(["user: Again", "assistant: Hello again "])
  })

  it("applies a run's end once the task it came in is done, with the run's last events, in one update", async () => {
    const adapter = new TestAdapter()
    // Frames that never come: only the run's end can bring these events to the store.
    const controller = createChatController({ adapter, scheduleFlush: () => () => undefined })
    await controller.createConversation()
    const sending = controller.send("Hello")
    await Promise.resolve()
    const { agentId } = adapter.lastSend()
    let updates = 0
    controller.store.subscribe(() => {
      updates += 1
    })
    streamAnswer(adapter, agentId, "r1", "Hi there")
    expect(updates).toBe(0)
    await Promise.resolve()
    expect(updates).toBe(1)
    const state = controller.store.getState()
    const conversation = state.conversations[state.activeConversationId as string]
    expect(conversation?.run.status).toBe("idle")
    expect(conversation?.items["a-r1"]).toMatchObject({ content: "Hi there " })
    adapter.lastSend().resolve({ conversationId: agentId, items: [] })
    await sending
  })

  it("drops the late events of a run the server reported cancelled", async () => {
    const { adapter, controller, texts } = setup()
    await withConversation(controller)
    void controller.send("Tell me a story")
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r1" })
    adapter.push({
      type: "item-added",
      agentId: "agent-1",
      runId: "r1",
      item: answerItem("a1", "Once"),
    })
    adapter.push({ type: "run-finished", agentId: "agent-1", runId: "r1", status: "cancelled" })
    const before = controller.store.getState()
    adapter.push({
      type: "item-added",
      agentId: "agent-1",
      runId: "r1",
      item: answerItem("a2", "late"),
    })
    adapter.push({
      type: "item-updated",
      agentId: "agent-1",
      runId: "r1",
      itemId: "a1",
      patch: { content: "Once upon a time" },
    })
    expect(controller.store.getState()).toBe(before)
    expect(texts()).toEqual(["user: Tell me a story", "assistant: Once"])
  })

  it("keeps dropping the late events of the recent runs after hundreds of runs", async () => {
    const { adapter, controller, texts } = setup()
    await withConversation(controller)
    void controller.send("Tell me a story")
    for (let run = 1; run <= 300; run++) {
      adapter.push({ type: "run-started", agentId: "agent-1", runId: `r${run}` })
      adapter.push({
        type: "run-finished",
        agentId: "agent-1",
        runId: `r${run}`,
        status: "cancelled",
      })
    }
    const before = controller.store.getState()
    for (let run = 300 - 63; run <= 300; run++) {
      adapter.push({
        type: "item-added",
        agentId: "agent-1",
        runId: `r${run}`,
        item: answerItem(`late-${run}`, "late"),
      })
    }
    expect(controller.store.getState()).toBe(before)
    expect(texts()).toEqual(["user: Tell me a story"])
  })

  it("drops a run's events when the user cancelled before it had an id, also after the next send", async () => {
    const { adapter, controller, texts } = setup()
    await withConversation(controller)
    void controller.send("First")
    controller.cancel()
    const before = controller.store.getState()
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r1" })
    adapter.push({
      type: "item-added",
      agentId: "agent-1",
      runId: "r1",
      item: answerItem("a1", "late"),
    })
    expect(controller.store.getState()).toBe(before)
    void controller.send("Second")
    adapter.push({ type: "text-delta", agentId: "agent-1", runId: "r1", itemId: "a1", delta: "!" })
    adapter.push({
      type: "item-added",
      agentId: "agent-1",
      runId: "r1",
      item: answerItem("a9", "late"),
    })
    streamAnswer(adapter, "agent-1", "r2", "Fine")
    expect(texts()).toEqual(["user: First", "user: Second", "assistant: Fine "])
  })

  it("forgets the runs of a conversation deleted for good: one made again with its id starts afresh", async () => {
    const adapter = new TestAdapter()
    let reusedId: string | undefined
    let ids = 0
    const controller = createChatController({
      adapter,
      scheduleFlush: "sync",
      createId: () => reusedId ?? `id-${++ids}`,
    })
    const conversationWithId = async (id: string) => {
      reusedId = id
      await controller.createConversation()
      reusedId = undefined
    }
    await conversationWithId("c")
    void controller.send("First")
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r1" })
    controller.cancel()
    await controller.deleteConversation("c")

    await conversationWithId("c")
    void controller.send("Second")
    // The new conversation's agent numbers its runs from r1 again, and starts with an item.
    adapter.push({
      type: "item-added",
      agentId: "agent-2",
      runId: "r1",
      item: answerItem("a1", "Hello"),
    })
    adapter.push({ type: "run-finished", agentId: "agent-2", runId: "r1", status: "ok" })
    const conversation = controller.store.getState().conversations.c
    expect(conversation?.items.a1).toMatchObject({ content: "Hello" })
    expect(conversation?.run.status).toBe("idle")
  })
})
