import { describe, expect, it } from "vitest"
import { createChatController } from "./create-chat-controller.js"
import { answerItem, setup, streamAnswer, withConversation } from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"

describe("createChatController: cancel", () => {
  it("aborts the signal, marks the run cancelled and ignores the adapter's late events", async () => {
    const { adapter, controller, active, texts } = setup()
    await withConversation(controller)
    const sending = controller.send("Tell me a long story")
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r1" })
    adapter.push({
      type: "item-added",
      agentId: "agent-1",
      runId: "r1",
      item: answerItem("a1", "Once"),
    })
    controller.cancel()
    expect(adapter.lastSend().signal?.aborted).toBe(true)
    expect(active().run).toEqual({ status: "cancelled", runId: "r1" })
    // This adapter cannot cancel: it keeps streaming, and even resolves later.
    const before = active()
    adapter.push({
      type: "text-delta",
      agentId: "agent-1",
      runId: "r1",
      itemId: "a1",
      delta: " upon",
    })
    adapter.push({ type: "item-added", agentId: "agent-1", item: answerItem("a2", "More") })
    adapter.push({ type: "run-finished", agentId: "agent-1", runId: "r1", status: "ok" })
    adapter
      .lastSend()
      .resolve({ conversationId: "agent-1", items: [answerItem("a1", "Once upon a time")] })
    await sending
    expect(active()).toBe(before)
    expect(texts()).toEqual(["user: Tell me a long story", "assistant: Once"])
    // The next turn is heard again.
    void controller.send("Shorter, please")
    streamAnswer(adapter, "agent-1", "r2", "Fine")
    expect(texts().at(-1)).toBe("assistant: Fine ")
  })

  it("keeps ignoring the cancelled run's late events after the next message is sent", async () => {
    const { adapter, controller, active, texts } = setup()
    await withConversation(controller)
    void controller.send("Long story")
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r1" })
    controller.cancel()
    void controller.send("Short one")
    adapter.push({
      type: "item-added",
      agentId: "agent-1",
      runId: "r1",
      item: answerItem("late", "stale"),
    })
    adapter.push({ type: "run-finished", agentId: "agent-1", runId: "r1", status: "ok" })
    expect(active().run.status).toBe("submitted")
    streamAnswer(adapter, "agent-1", "r2", "Done")
    expect(texts()).toEqual(["user: Long story", "user: Short one", "assistant: Done "])
  })

  it("cancels before the run started, and a rejection caused by the abort is not an error", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ cancel: true }))
    await withConversation(controller)
    const sending = controller.send("slow")
    controller.cancel()
    adapter.lastSend().reject(new DOMException("aborted", "AbortError"))
    await sending
    expect(active().run.status).toBe("cancelled")
    expect(active().lastError).toBeUndefined()
  })
})

describe("createChatController: coalescing", () => {
  it("applies a run's events as one store update per flush, its end included", async () => {
    const adapter = new TestAdapter()
    let pending: (() => void) | undefined
    const controller = createChatController({
      adapter,
      scheduleFlush: (flush) => {
        pending = flush
        return () => {
          pending = undefined
        }
      },
    })
    await controller.createConversation()
    void controller.send("Count")
    const notifications: string[] = []
    controller.store.subscribe((state) => {
      const conversation = state.conversations[state.activeConversationId as string]
      const answer = conversation?.items.a1
      notifications.push(
        `${conversation?.run.status}:${answer?.type === "message" ? answer.content : ""}`,
      )
    })
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r1" })
    adapter.push({
      type: "item-added",
      agentId: "agent-1",
      runId: "r1",
      item: answerItem("a1", ""),
    })
    for (let index = 0; index < 50; index += 1) {
      adapter.push({
        type: "text-delta",
        agentId: "agent-1",
        runId: "r1",
        itemId: "a1",
        delta: "x",
      })
    }
    expect(notifications).toEqual([])
    pending?.()
    expect(notifications).toEqual([`streaming:${"x".repeat(50)}`])
    adapter.push({ type: "text-delta", agentId: "agent-1", runId: "r1", itemId: "a1", delta: "!" })
    adapter.push({ type: "item-done", agentId: "agent-1", runId: "r1", itemId: "a1" })
    adapter.push({ type: "run-finished", agentId: "agent-1", runId: "r1", status: "ok" })
    // The run's end waits for the same flush as its last delta, in order: one update.
    expect(notifications).toHaveLength(1)
    pending?.()
    expect(notifications).toEqual([`streaming:${"x".repeat(50)}`, `idle:${"x".repeat(50)}!`])
    // Nothing was left behind for a later flush.
    pending?.()
    expect(notifications).toHaveLength(2)
  })
})
