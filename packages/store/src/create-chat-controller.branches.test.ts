import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { selectBranchPosition } from "./branches.js"
import { setup, streamAnswer, withConversation } from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"

/** A conversation of two answered turns over an adapter that sends the branch's history. */
async function twoTurns() {
  const context = setup(new TestAdapter({ branching: true, feedback: true }))
  const { adapter, controller } = context
  await withConversation(controller)
  const first = controller.send("Weather in Paris?")
  streamAnswer(adapter, "agent-1", "r1", "Sunny in Paris.")
  adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
  await first
  const second = controller.send("And Rome?")
  streamAnswer(adapter, "agent-1", "r2", "Rainy in Rome.")
  adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
  await second
  return context
}

const position = (context: Awaited<ReturnType<typeof twoTurns>>, itemId: string) => {
  const state = context.controller.store.getState()
  return selectBranchPosition(state, state.activeConversationId as string, itemId)
}

describe("createChatController: edit, regenerate and branches", () => {
  it("edits a message: the new text is sent after the history before it, the old turn kept as branch 1", async () => {
    const context = await twoTurns()
    const { adapter, controller, texts } = context
    const editing = controller.editMessage("u-r1", "Weather in Lyon?")
    expect(adapter.lastSend().message).toBe("Weather in Lyon?")
    expect(adapter.lastSend().history).toEqual([])
    streamAnswer(adapter, "agent-1", "r3", "Cloudy in Lyon.")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await editing
    expect(texts()).toEqual(["user: Weather in Lyon?", "assistant: Cloudy in Lyon. "])
    expect(position(context, "u-r3")).toEqual({ at: 0, selected: 1, count: 2 })

    controller.selectBranch("u-r3", 0)
    expect(texts()).toEqual([
      "user: Weather in Paris?",
      "assistant: Sunny in Paris. ",
      "user: And Rome?",
      "assistant: Rainy in Rome. ",
    ])
    expect(position(context, "u-r1")).toEqual({ at: 0, selected: 0, count: 2 })
    controller.selectBranch("u-r1", 1)
    expect(texts()).toEqual(["user: Weather in Lyon?", "assistant: Cloudy in Lyon. "])
  })

  it("regenerates an answer: the same question is sent with the history before it, both answers kept", async () => {
    const context = await twoTurns()
    const { adapter, controller, texts } = context
    const again = controller.regenerate("a-r2")
    expect(adapter.lastSend().message).toBe("And Rome?")
    expect(adapter.lastSend().history?.map((item) => item.id)).toEqual(["u-r1", "a-r1"])
    // The server echoes the question: it replaces the kept one instead of showing twice.
    streamAnswer(adapter, "agent-1", "r3", "Sunny in Rome.")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await again
    expect(texts()).toEqual([
      "user: Weather in Paris?",
      "assistant: Sunny in Paris. ",
      "user: And Rome?",
      "assistant: Sunny in Rome. ",
    ])
    expect(position(context, "a-r3")).toEqual({ at: 3, selected: 1, count: 2 })
    controller.selectBranch("a-r3", 0)
    expect(texts().at(-1)).toBe("assistant: Rainy in Rome. ")
  })

  it("keeps nested branches: a regenerated answer inside an edited branch comes back with it", async () => {
    const context = await twoTurns()
    const { adapter, controller, texts } = context
    const again = controller.regenerate("a-r2")
    streamAnswer(adapter, "agent-1", "r3", "Sunny in Rome.")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await again
    const editing = controller.editMessage("u-r1", "Weather in Lyon?")
    streamAnswer(adapter, "agent-1", "r4", "Cloudy in Lyon.")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await editing
    controller.selectBranch("u-r4", 0)
    expect(texts().at(-1)).toBe("assistant: Sunny in Rome. ")
    expect(position(context, "a-r3")).toEqual({ at: 3, selected: 1, count: 2 })
  })

  it("a later message on a chosen branch sends that branch's history", async () => {
    const context = await twoTurns()
    const { adapter, controller } = context
    const again = controller.regenerate("a-r2")
    streamAnswer(adapter, "agent-1", "r3", "Sunny in Rome.")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await again
    controller.selectBranch("a-r3", 0)
    void controller.send("Thanks")
    const history = adapter.lastSend().history ?? []
    expect(history.map((item) => (item.type === "message" ? item.content : item.type))).toEqual([
      "Weather in Paris?",
      "Sunny in Paris. ",
      "And Rome?",
      "Rainy in Rome. ",
    ])
  })

  it("a branch that does not exist is a NOT_FOUND ChatError and changes nothing", async () => {
    const context = await twoTurns()
    const { controller } = context
    const before = controller.store.getState()
    const attempts = [
      () => controller.selectBranch("a-r2", 1),
      () => controller.selectBranch("no-such-item", 0),
      () => controller.selectBranch("__proto__", 0),
    ]
    for (const attempt of attempts) {
      expect(attempt).toThrow(ChatError)
      expect(attempt).toThrow(expect.objectContaining({ code: "NOT_FOUND" }))
    }
    await expect(controller.regenerate("missing")).rejects.toMatchObject({ code: "NOT_FOUND" })
    await expect(controller.editMessage("a-r1", "x")).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })
    expect(controller.store.getState()).toBe(before)
  })

  it("an adapter that cannot branch is asked nothing: UNSUPPORTED, the conversation unchanged", async () => {
    const context = setup(new TestAdapter())
    const { adapter, controller } = context
    await withConversation(controller)
    const sending = controller.send("Hello")
    streamAnswer(adapter, "agent-1", "r1", "Hi.")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [] })
    await sending
    const before = controller.store.getState()
    await expect(controller.regenerate("a-r1")).rejects.toMatchObject({ code: "UNSUPPORTED" })
    await expect(controller.editMessage("u-r1", "Hey")).rejects.toMatchObject({
      code: "UNSUPPORTED",
    })
    expect(adapter.sends).toHaveLength(1)
    expect(adapter.sends[0]?.history).toBeUndefined()
    expect(controller.store.getState()).toBe(before)
  })

  it("keeps a rating, sends it to the adapter, and takes it back with null", async () => {
    const context = await twoTurns()
    const { adapter, controller, active } = context
    await controller.giveFeedback("a-r1", "down")
    expect(active().feedback).toEqual({ "a-r1": "down" })
    await controller.giveFeedback("a-r1", null)
    expect(active().feedback).toEqual({})
    expect(adapter.feedback).toEqual([
      { agentId: "agent-1", itemId: "a-r1", feedback: "down" },
      { agentId: "agent-1", itemId: "a-r1", feedback: null },
    ])
    await expect(controller.giveFeedback("nope", "up")).rejects.toMatchObject({
      code: "NOT_FOUND",
    })
  })
})
