import { describe, expect, it } from "vitest"
import { selectBranchPosition, selectIsLastAnswer } from "./branches.js"
import { answerItem, setup, streamAnswer, withConversation } from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"

/** Two answered turns over an adapter whose server keeps the conversation and regenerates its last answer. */
async function twoTurns() {
  const context = setup(new TestAdapter({ regenerateLast: true }))
  const { adapter, controller } = context
  await withConversation(controller)
  for (const [text, runId, answer] of [
    ["Weather in Paris?", "r1", "Sunny in Paris."],
    ["And Rome?", "r2", "Rainy in Rome."],
  ] as const) {
    const sending = controller.send(text)
    streamAnswer(adapter, "agent-1", runId, answer)
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await sending
  }
  return context
}

/** The server's new answer: no echo of the user's message, only the answer's events. */
function streamRegenerated(adapter: TestAdapter, runId: string, text: string) {
  const agentId = "agent-1"
  adapter.push({ type: "run-started", agentId, runId })
  adapter.push({ type: "item-added", agentId, runId, item: answerItem(`a-${runId}`, text) })
  adapter.push({ type: "item-done", agentId, runId, itemId: `a-${runId}` })
  adapter.push({ type: "run-finished", agentId, runId, status: "ok" })
}

describe("createChatController: regenerate the last answer on a server that keeps the conversation", () => {
  it("asks the adapter to answer the last message again, and keeps the replaced answer as branch 1 / 2", async () => {
    const context = await twoTurns()
    const { adapter, controller, texts } = context
    const again = controller.regenerate("a-r2")
    const sent = adapter.lastSend()
    expect(sent.regenerate).toBe(true)
    expect(sent.message).toBe("And Rome?")
    expect(sent.history).toBeUndefined()
    streamRegenerated(adapter, "r3", "Sunny in Rome.")
    sent.resolve({ conversationId: "agent-1", items: [answerItem("a-r3", "Sunny in Rome.")] })
    await again
    expect(texts()).toEqual([
      "user: Weather in Paris?",
      "assistant: Sunny in Paris. ",
      "user: And Rome?",
      "assistant: Sunny in Rome.",
    ])
    const state = controller.store.getState()
    const id = state.activeConversationId as string
    expect(selectBranchPosition(state, id, "a-r3")).toEqual({ at: 3, selected: 1, count: 2 })
    controller.selectBranch("a-r3", 0)
    expect(texts().at(-1)).toBe("assistant: Rainy in Rome. ")
  })

  it("refuses any other item with INVALID_INPUT, and edit with UNSUPPORTED; nothing changes, nothing is sent", async () => {
    const context = await twoTurns()
    const { adapter, controller } = context
    const before = controller.store.getState()
    await expect(controller.regenerate("a-r1")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("only its last answer"),
    })
    await expect(controller.editMessage("u-r2", "And Milan?")).rejects.toMatchObject({
      code: "UNSUPPORTED",
    })
    await expect(controller.regenerate("u-r2")).rejects.toMatchObject({ code: "INVALID_INPUT" })
    expect(adapter.sends).toHaveLength(2)
    expect(controller.store.getState()).toBe(before)
  })

  it("refuses while an answer is arriving", async () => {
    const context = await twoTurns()
    const { adapter, controller } = context
    void controller.send("And Milan?")
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r3" })
    const before = controller.store.getState()
    await expect(controller.regenerate("a-r2")).rejects.toMatchObject({ code: "INVALID_INPUT" })
    expect(adapter.sends).toHaveLength(3)
    expect(controller.store.getState()).toBe(before)
  })

  it("a failed regeneration is retried as a regeneration, not sent as a new message", async () => {
    const context = await twoTurns()
    const { adapter, controller, active } = context
    const again = controller.regenerate("a-r2")
    adapter.lastSend().reject(new Error("The server went away."))
    await again
    expect(active().run.status).toBe("error")
    const retrying = controller.retry()
    expect(adapter.lastSend().regenerate).toBe(true)
    expect(adapter.lastSend().message).toBe("And Rome?")
    streamRegenerated(adapter, "r4", "Windy in Rome.")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await retrying
    expect(active().itemIds.filter((itemId) => itemId.startsWith("u-"))).toHaveLength(2)
  })

  it("selectIsLastAnswer tells the answer to the last message from earlier ones", async () => {
    const { controller } = await twoTurns()
    const state = controller.store.getState()
    const id = state.activeConversationId as string
    expect(selectIsLastAnswer(state, id, "a-r2")).toBe(true)
    expect(selectIsLastAnswer(state, id, "a-r1")).toBe(false)
    expect(selectIsLastAnswer(state, id, "u-r2")).toBe(false)
    expect(selectIsLastAnswer(state, "no-such-conversation", "a-r2")).toBe(false)
  })
})
