import { afterEach, describe, expect, it, vi } from "vitest"
import { answerItem, setup, tick } from "./testdata/controller-setup.js"

afterEach(() => {
  vi.useRealTimers()
})

async function twoConversations() {
  const harness = setup()
  const first = await harness.controller.createConversation("First")
  const second = await harness.controller.createConversation("Second")
  return { ...harness, first, second }
}

describe("createChatController: deleting with undo", () => {
  it("takes the conversation out at once, and undo puts it back where it was, still working", async () => {
    const { adapter, controller, first, second } = await twoConversations()
    const state = () => controller.store.getState()
    const deleting = controller.deleteConversation(second, { undoMs: 5_000 })
    expect(state().conversationOrder).toEqual([first])
    expect(state().activeConversationId).toBe(first)
    expect(state().deletedConversation?.conversation).toMatchObject({ id: second, title: "Second" })
    expect(controller.restoreConversation(second)).toBe(true)
    await deleting
    expect(state().conversationOrder).toEqual([second, first])
    expect(state().activeConversationId).toBe(second)
    expect(state().deletedConversation).toBeUndefined()
    expect(adapter.stopped).toEqual([])
    // Its agent still speaks to it.
    adapter.push({ type: "item-added", agentId: "agent-2", item: answerItem("a1", "Back") })
    expect(state().conversations[second]?.itemIds).toEqual(["a1"])
  })

  it("makes the deletion final when the undo time passes: the agent stops, undo does nothing", async () => {
    vi.useFakeTimers()
    const { adapter, controller, first, second } = await twoConversations()
    const deleting = controller.deleteConversation(first, { undoMs: 5_000 })
    vi.advanceTimersByTime(4_999)
    expect(adapter.stopped).toEqual([])
    vi.advanceTimersByTime(1)
    await deleting
    expect(adapter.stopped).toEqual(["agent-1"])
    expect(controller.store.getState().deletedConversation).toBeUndefined()
    expect(controller.restoreConversation(first)).toBe(false)
    expect(controller.store.getState().conversationOrder).toEqual([second])
  })

  it("makes the previous deletion final when another conversation is deleted", async () => {
    const { adapter, controller, first, second } = await twoConversations()
    const deletingFirst = controller.deleteConversation(first, { undoMs: 5_000 })
    const deletingSecond = controller.deleteConversation(second, { undoMs: 5_000 })
    await deletingFirst
    expect(adapter.stopped).toEqual(["agent-1"])
    expect(controller.restoreConversation(first)).toBe(false)
    expect(controller.store.getState().deletedConversation?.conversation.id).toBe(second)
    controller.dispose()
    await deletingSecond
    expect(adapter.stopped).toEqual(["agent-1", "agent-2"])
  })

  it("cancels a running turn before deleting, so an undone conversation is not stuck", async () => {
    const { adapter, controller, second } = await twoConversations()
    void controller.send("Tell me a story")
    await tick()
    const deleting = controller.deleteConversation(second, { undoMs: 5_000 })
    expect(adapter.lastSend().signal?.aborted).toBe(true)
    controller.restoreConversation(second)
    await deleting
    expect(controller.store.getState().conversations[second]?.run.status).toBe("cancelled")
  })
})
