/**
 * A run that fails after its send resolved (an adapter that resolves once the server took the
 * message, then streams) offers Retry with the turn's files, recording or regeneration, as any
 * failed turn does; a finished run's late failure leaves the next turn alone; and a run the
 * answer to a tool call started fails without Retry (the answer was taken: its tool may have run).
 */
import type { ToolCallResponse } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import {
  acceptSend,
  answerItem,
  answerRun,
  failRun,
  pngBytes,
  runFailure,
  setup,
  tick,
  withConversation,
} from "./testdata/controller-setup.js"
import { microphone, readAll } from "./testdata/microphone.js"
import { TestAdapter } from "./testdata/test-adapter.js"

describe("createChatController: a run that fails after its send resolved", () => {
  it("offers Retry, which sends the same text and files again", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ attachments: true }))
    const file = { name: "plan.png", mediaType: "image/png", data: pngBytes }
    const sending = controller.send("Read this", { attachments: [file] })
    await tick()
    acceptSend(adapter)
    await sending
    failRun(adapter, adapter.lastSend().agentId, "r1")
    expect(active()).toMatchObject({
      run: { status: "error" },
      lastError: runFailure,
      lastFailedMessage: "Read this",
    })
    expect(Object.values(active().turnMarkers ?? {})).toEqual([
      { status: "failed", error: runFailure, message: "Read this", latest: true },
    ])
    const retrying = controller.retry()
    await tick()
    expect(adapter.sends).toHaveLength(2)
    expect(adapter.lastSend()).toMatchObject({ message: "Read this", attachments: [file] })
    acceptSend(adapter)
    await retrying
    answerRun(adapter, adapter.lastSend().agentId, "r2", "A plan.")
    expect(active().run.status).toBe("idle")
    expect(active().turnMarkers).toEqual({})
  })

  it("offers Retry when the send resolves while the run streams, and the run fails later", async () => {
    const { adapter, controller, active } = setup()
    const sending = controller.send("Hello")
    await tick()
    const agentId = adapter.lastSend().agentId
    adapter.push({ type: "run-started", agentId, runId: "r1" })
    acceptSend(adapter)
    await sending
    expect(active().run.status).toBe("streaming")
    failRun(adapter, agentId, "r1", true)
    expect(active()).toMatchObject({ run: { status: "error" }, lastFailedMessage: "Hello" })
    const retrying = controller.retry()
    expect(adapter.lastSend().message).toBe("Hello")
    acceptSend(adapter)
    await retrying
  })

  it("sends the recording again, all of it", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ audio: true }))
    const mic = microphone()
    const sending = controller.send("", { audio: mic.audio })
    await tick()
    mic.say(1, 2)
    mic.stop()
    acceptSend(adapter)
    await sending
    failRun(adapter, adapter.lastSend().agentId, "r1")
    expect(active().run.status).toBe("error")
    const retrying = controller.retry()
    await tick()
    expect(await readAll(adapter.lastSend().audio)).toEqual([1, 2])
    acceptSend(adapter)
    await retrying
  })

  it("regenerates again after a regeneration that failed late", async () => {
    const { adapter, controller, active } = setup(new TestAdapter({ regenerateLast: true }))
    await withConversation(controller)
    const first = controller.send("Weather in Rome?")
    acceptSend(adapter)
    await first
    const agentId = adapter.lastSend().agentId
    answerRun(adapter, agentId, "r1", "Rainy.")
    const again = controller.regenerate("a-r1")
    acceptSend(adapter)
    await again
    failRun(adapter, agentId, "r2")
    expect(active().run.status).toBe("error")
    const retrying = controller.retry()
    expect(adapter.sends).toHaveLength(3)
    expect(adapter.lastSend()).toMatchObject({ message: "Weather in Rome?", regenerate: true })
    acceptSend(adapter)
    await retrying
  })

  it("a finished run's late failure leaves the next turn alone", async () => {
    const { adapter, controller, active } = setup()
    const first = controller.send("Hello")
    await tick()
    const agentId = adapter.lastSend().agentId
    answerRun(adapter, agentId, "r1", "Hi.")
    acceptSend(adapter)
    await first
    const second = controller.send("How are you?")
    await tick()
    expect(active().run.status).toBe("submitted")
    adapter.push({ type: "error", agentId, runId: "r1", error: runFailure })
    adapter.push({ type: "run-finished", agentId, runId: "r1", status: "error", error: runFailure })
    expect(active().run.status).toBe("submitted")
    expect(active().lastError).toBeUndefined()
    expect(active().turnMarkers).toBeUndefined()
    answerRun(adapter, agentId, "r2", "Fine.")
    acceptSend(adapter)
    await second
    expect(active()).toMatchObject({ run: { status: "idle", runId: "r2" } })
    expect(active().lastFailedMessage).toBeUndefined()
  })

  it("drops a finished run's late events in its own conversation only (run ids may repeat across them)", async () => {
    const { adapter, controller, active, texts } = setup()
    for (const question of ["Hello", "Bonjour"]) {
      await controller.createConversation()
      const sending = controller.send(question)
      await tick()
      answerRun(adapter, adapter.lastSend().agentId, "r1", `Answer to ${question}`)
      acceptSend(adapter)
      await sending
    }
    expect(texts()).toEqual(["user: Bonjour", "assistant: Answer to Bonjour"])
    expect(active().run).toEqual({ status: "idle", runId: "r1" })
  })
})

describe("createChatController: a server that gives every run the same id", () => {
  it("shows each turn's answer: the id starting again is a new run, with or without run-started", async () => {
    const { adapter, controller, texts } = setup()
    for (const [question, announced] of [
      ["Hello", true],
      ["Again", true],
      ["Once more", false],
    ] as const) {
      const sending = controller.send(question)
      await tick()
      const agentId = adapter.lastSend().agentId
      if (announced) adapter.push({ type: "run-started", agentId, runId: "run" })
      const item = answerItem(`a-${question}`, `Answer to ${question}`)
      adapter.push({ type: "item-added", agentId, runId: "run", item })
      adapter.push({ type: "item-done", agentId, runId: "run", itemId: item.id })
      adapter.push({ type: "run-finished", agentId, runId: "run", status: "ok" })
      acceptSend(adapter)
      await sending
    }
    expect(texts()).toEqual([
      "user: Hello",
      "assistant: Answer to Hello",
      "user: Again",
      "assistant: Answer to Again",
      "user: Once more",
      "assistant: Answer to Once more",
    ])
  })
})

/** Takes answers to tool calls; the run an answer starts fails. */
class FailingAnswerAdapter extends TestAdapter {
  readonly answers: ToolCallResponse[] = []

  constructor() {
    super({ toolApproval: true })
  }

  override async respondToToolCall(
    agentId: string,
    _toolCallId: string,
    response: ToolCallResponse,
  ): Promise<void> {
    this.answers.push(response)
    failRun(this, agentId, "run-2")
  }
}

describe("createChatController: a run an answer to a tool call started fails", () => {
  it("is marked failed with its reason and offers no Retry: nothing is sent again", async () => {
    const adapter = new FailingAnswerAdapter()
    const { controller, active } = setup(adapter)
    const sending = controller.send("Weather in Oslo?")
    await tick()
    const agentId = adapter.lastSend().agentId
    adapter.push({ type: "run-started", agentId, runId: "run-1" })
    adapter.push({
      type: "item-added",
      agentId,
      runId: "run-1",
      item: {
        id: "tool-1",
        type: "tool_call",
        toolCall: { id: "call-1", name: "weather", arguments: { city: "Oslo" }, status: "pending" },
      },
    })
    adapter.push({
      type: "tool-response-requested",
      agentId,
      runId: "run-1",
      itemId: "tool-1",
      awaiting: "approval",
    })
    adapter.push({ type: "run-finished", agentId, runId: "run-1", status: "ok" })
    acceptSend(adapter)
    await sending
    await controller.respondToToolCall(active().id, "call-1", { approved: true })
    expect(active()).toMatchObject({ run: { status: "error" }, lastError: runFailure })
    expect(active().lastFailedMessage).toBeUndefined()
    expect(Object.values(active().turnMarkers ?? {})).toEqual([
      { status: "failed", error: runFailure, message: "Weather in Oslo?", latest: false },
    ])
    await expect(controller.retry()).rejects.toMatchObject({ code: "INVALID_INPUT" })
    expect(adapter.sends).toHaveLength(1)
    expect(adapter.answers).toHaveLength(1)
    // The next message is a turn like any other: its failure offers Retry again.
    const next = controller.send("Try again please")
    acceptSend(adapter)
    await next
    failRun(adapter, agentId, "run-3")
    expect(active().lastFailedMessage).toBe("Try again please")
  })
})
