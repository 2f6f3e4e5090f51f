/**
 * Stop after an answer to a tool call: the run the answer starts is cancellable as a turn is
 * (the adapter's signal aborts, the run ends `cancelled`, what streamed stays).
 */
import type { RespondToToolCallOptions } from "@aichatkit/network-adapter"
import { ChatError, type ToolCallResponse } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { answerItem, setup, withConversation } from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"
import { askForAnswer } from "./testdata/tool-calls.js"

/**
 * Answers as SSE and HAIP do: the answer's run streams a few words, then goes on until its
 * signal aborts (ending `cancelled`, rejecting with CANCELLED) or `finish` is called.
 */
class StreamingAnswerAdapter extends TestAdapter {
  signal: AbortSignal | undefined
  /** When set, the answer's run starts only once this resolves (a slow server). */
  started: Promise<void> | undefined
  finish: () => void = () => {}

  constructor() {
    super({ toolApproval: true, cancel: true })
  }

  override async respondToToolCall(
    agentId: string,
    _toolCallId: string,
    _response: ToolCallResponse,
    options: RespondToToolCallOptions = {},
  ): Promise<void> {
    const { signal } = options
    this.signal = signal
    await this.started
    if (signal?.aborted) throw new ChatError("CANCELLED", "Cancelled before it started.")
    const runId = "run-2"
    this.push({ type: "run-started", agentId, runId })
    this.push({ type: "item-added", agentId, runId, item: answerItem("a-2", "") })
    this.push({ type: "text-delta", agentId, runId, itemId: "a-2", delta: "It is 12" })
    const aborted = await new Promise<boolean>((resolve) => {
      this.finish = () => resolve(false)
      signal?.addEventListener("abort", () => resolve(true), { once: true })
    })
    const status = aborted ? "cancelled" : "ok"
    this.push({ type: "run-finished", agentId, runId, status })
    if (aborted) throw new ChatError("CANCELLED", "The run was cancelled.")
  }
}

async function approvalAsked() {
  const adapter = new StreamingAnswerAdapter()
  const context = setup(adapter)
  await withConversation(context.controller)
  const conversationId = context.active().id
  askForAnswer(adapter, context.active().agentId as string, "approval")
  const toolCall = () => {
    const item = context.active().items["tool-1"]
    return item?.type === "tool_call" ? item.toolCall : undefined
  }
  return { ...context, adapter, conversationId, toolCall }
}

describe("createChatController: Stop after an answer to a tool call", () => {
  it("aborts the run the approval started; the turn ends cancelled with its text kept", async () => {
    const { adapter, controller, conversationId, active, texts, toolCall } = await approvalAsked()
    const answering = controller.respondToToolCall(conversationId, "call-1", { approved: true })
    await expect.poll(() => active().run).toEqual({ status: "streaming", runId: "run-2" })
    expect(adapter.signal?.aborted).toBe(false)
    controller.cancel(conversationId)
    expect(adapter.signal?.aborted).toBe(true)
    // Stopping is no failure: the answer settles without an error.
    await answering
    expect(active().run).toEqual({ status: "cancelled", runId: "run-2" })
    expect(active().lastError).toBeUndefined()
    expect(texts()).toContain("assistant: It is 12")
    expect(active().streamingItemIds).toEqual({})
    expect(toolCall()).toMatchObject({ status: "cancelled", approval: { approved: true } })
  })

  it("is running from the click on, so a Stop before the run starts ends it too", async () => {
    const { adapter, controller, conversationId, active } = await approvalAsked()
    let start = () => {}
    adapter.started = new Promise((resolve) => {
      start = resolve
    })
    const answering = controller.respondToToolCall(conversationId, "call-1", { approved: true })
    expect(active().run.status).toBe("submitted")
    controller.cancel(conversationId)
    expect(adapter.signal?.aborted).toBe(true)
    start()
    await answering
    expect(active().run.status).toBe("cancelled")
    expect(active().items["a-2"]).toBeUndefined()
  })

  it("leaves a run that was not stopped alone: it ends as the adapter says", async () => {
    const { adapter, controller, conversationId, active, toolCall } = await approvalAsked()
    const answering = controller.respondToToolCall(conversationId, "call-1", { approved: true })
    await expect.poll(() => active().run.status).toBe("streaming")
    adapter.finish()
    await answering
    expect(active().run).toEqual({ status: "idle", runId: "run-2" })
    expect(adapter.signal?.aborted).toBe(false)
    expect(toolCall()).toMatchObject({ status: "executing", approval: { approved: true } })
    // The next turn is not stopped by the answered run's leftovers, nor does it stop them.
    controller.cancel(conversationId)
    expect(adapter.signal?.aborted).toBe(false)
  })

  it("ends the submitted state when the adapter fails to send the answer", async () => {
    const { adapter, controller, conversationId, active } = await approvalAsked()
    adapter.started = Promise.reject(new ChatError("CONNECTION_LOST", "The connection dropped."))
    await expect(
      controller.respondToToolCall(conversationId, "call-1", { approved: true }),
    ).rejects.toMatchObject({ code: "CONNECTION_LOST" })
    expect(active().run.status).toBe("idle")
    expect(active().lastError?.code).toBe("CONNECTION_LOST")
  })
})
