import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import {
  answerItem,
  runFailure,
  setup,
  userItem,
  withConversation,
} from "./testdata/controller-setup.js"

describe("createChatController: failed and stopped turns stay marked", () => {
  it("marks a failed turn after its last item, and keeps the mark after the next message", async () => {
    const { adapter, controller, active } = setup()
    await withConversation(controller)
    const failing = controller.send("Forecast")
    adapter.lastSend().reject(new ChatError("SERVER_ERROR", runFailure.message))
    await failing
    const [userId] = active().itemIds
    expect(active().turnMarkers).toEqual({
      [userId as string]: {
        status: "failed",
        error: { code: "SERVER_ERROR", message: runFailure.message, retryable: false },
        message: "Forecast",
        latest: true,
      },
    })
    const next = controller.send("Something else")
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a2", "Sure.")] })
    await next
    expect(active().turnMarkers?.[userId as string]).toMatchObject({
      status: "failed",
      latest: false,
    })
    expect(active().run.status).toBe("idle")
  })

  it("marks a stopped answer after the text that arrived", async () => {
    const { adapter, controller, active } = setup()
    await withConversation(controller)
    void controller.send("Tell me a story")
    adapter.push({ type: "run-started", agentId: "agent-1", runId: "r1" })
    adapter.push({
      type: "item-added",
      agentId: "agent-1",
      runId: "r1",
      item: answerItem("a1", ""),
    })
    adapter.push({
      type: "text-delta",
      agentId: "agent-1",
      runId: "r1",
      itemId: "a1",
      delta: "Once",
    })
    controller.cancel()
    expect(active().turnMarkers).toEqual({ a1: { status: "stopped" } })
  })

  it("marks a run the adapter reports cancelled as stopped", async () => {
    const { adapter, controller, active } = setup()
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
    expect(active().turnMarkers).toEqual({ a1: { status: "stopped" } })
  })
})

describe("createChatController: retry re-runs the same turn", () => {
  it("keeps one copy of a user message the server echoed, and replaces the failed partial answer", async () => {
    const { adapter, controller, active, texts } = setup()
    await withConversation(controller)
    const failing = controller.send("Forecast")
    const agentId = "agent-1"
    adapter.push({ type: "run-started", agentId, runId: "r1" })
    adapter.push({ type: "item-added", agentId, runId: "r1", item: userItem("u-r1", "Forecast") })
    adapter.push({ type: "item-added", agentId, runId: "r1", item: answerItem("a-r1", "") })
    adapter.push({ type: "text-delta", agentId, runId: "r1", itemId: "a-r1", delta: "It is" })
    adapter.push({ type: "error", agentId, runId: "r1", error: runFailure })
    adapter.push({ type: "run-finished", agentId, runId: "r1", status: "error", error: runFailure })
    adapter.lastSend().reject(new ChatError("SERVER_ERROR", runFailure.message))
    await failing
    expect(texts()).toEqual(["user: Forecast", "assistant: It is"])
    expect(active().turnMarkers).toMatchObject({ "a-r1": { status: "failed", latest: true } })

    const retrying = controller.retry()
    expect(adapter.lastSend().message).toBe("Forecast")
    expect(texts()).toEqual(["user: Forecast"])
    expect(active().turnMarkers).toEqual({})
    // The server echoes the message again, under a new id: it replaces the first copy.
    adapter.push({ type: "run-started", agentId, runId: "r2" })
    adapter.push({ type: "item-added", agentId, runId: "r2", item: userItem("u-r2", "Forecast") })
    adapter.push({ type: "item-added", agentId, runId: "r2", item: answerItem("a-r2", "Sunny.") })
    adapter.push({ type: "item-done", agentId, runId: "r2", itemId: "a-r2" })
    adapter.push({ type: "run-finished", agentId, runId: "r2", status: "ok" })
    adapter.lastSend().resolve({ conversationId: agentId, items: [answerItem("a-r2", "Sunny.")] })
    await retrying
    expect(texts()).toEqual(["user: Forecast", "assistant: Sunny."])
    expect(active().itemIds).toEqual(["u-r2", "a-r2"])
  })

  it("keeps one copy of a user message a seed-style server never echoes", async () => {
    const { adapter, controller, texts } = setup()
    await withConversation(controller)
    const failing = controller.send("Book a table")
    adapter.lastSend().reject(new Error("socket hang up"))
    await failing
    const retrying = controller.retry()
    adapter.lastSend().resolve({ conversationId: "agent-1", items: [answerItem("a1", "Done.")] })
    await retrying
    expect(texts()).toEqual(["user: Book a table", "assistant: Done."])
  })
})
