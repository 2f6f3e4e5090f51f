import type { AdapterCapabilities } from "@aichatkit/network-adapter"
import type { ToolCallResponse } from "@aichatkit/types"
import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { reduceChat } from "./reduce-chat.js"
import { setup, withConversation } from "./testdata/controller-setup.js"
import { TestAdapter } from "./testdata/test-adapter.js"
import { askForAnswer } from "./testdata/tool-calls.js"

/** A TestAdapter that takes answers to tool calls and records them (or fails when told). */
class AnsweringAdapter extends TestAdapter {
  readonly answers: { agentId: string; toolCallId: string; response: ToolCallResponse }[] = []
  failAnswer: Error | undefined

  constructor(capabilities: Partial<AdapterCapabilities> = { toolApproval: true }) {
    super(capabilities)
  }

  override async respondToToolCall(
    agentId: string,
    toolCallId: string,
    response: ToolCallResponse,
  ): Promise<void> {
    if (this.failAnswer) throw this.failAnswer
    this.answers.push({ agentId, toolCallId, response })
  }
}

async function answering(adapter = new AnsweringAdapter()) {
  const context = setup(adapter)
  await withConversation(context.controller)
  const conversationId = context.active().id
  const agentId = context.active().agentId as string
  const toolCall = () => {
    const item = context.active().items["tool-1"]
    return item?.type === "tool_call" ? item.toolCall : undefined
  }
  return { ...context, adapter, conversationId, agentId, toolCall }
}

async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(ChatError)
  return error as ChatError
}

describe("createChatController: respondToToolCall", () => {
  it("shows a call asking for approval as awaiting-approval, settled, and sends the approval", async () => {
    const { adapter, controller, conversationId, agentId, toolCall, active } = await answering()
    askForAnswer(adapter, agentId, "approval")
    expect(toolCall()?.status).toBe("awaiting-approval")
    expect(active().streamingItemIds).toEqual({})
    expect(active().run.status).toBe("idle")
    await controller.respondToToolCall(conversationId, "call-1", { approved: true })
    expect(adapter.answers).toEqual([
      { agentId, toolCallId: "call-1", response: { approved: true } },
    ])
    expect(toolCall()).toMatchObject({ status: "executing", approval: { approved: true } })
  })

  it("waits for the run an answer starts, but not with an adapter that streams no events", async () => {
    const streaming = await answering()
    askForAnswer(streaming.adapter, streaming.agentId, "approval")
    await streaming.controller.respondToToolCall(streaming.conversationId, "call-1", {
      approved: true,
    })
    expect(streaming.active().run.status).toBe("submitted")

    const quiet = await answering(new AnsweringAdapter({ toolApproval: true, streaming: false }))
    askForAnswer(quiet.adapter, quiet.agentId, "approval")
    await quiet.controller.respondToToolCall(quiet.conversationId, "call-1", { approved: true })
    expect(quiet.adapter.answers).toHaveLength(1)
    expect(quiet.active().run.status).toBe("idle")
  })

  it("keeps a denial and its reason on the call", async () => {
    const { adapter, controller, conversationId, agentId, toolCall } = await answering()
    askForAnswer(adapter, agentId, "approval")
    await controller.respondToToolCall(conversationId, "call-1", {
      approved: false,
      reason: "too far",
    })
    expect(toolCall()).toMatchObject({
      status: "cancelled",
      approval: { approved: false, reason: "too far" },
    })
  })

  it("sends a browser tool's output, and its error", async () => {
    const { adapter, controller, conversationId, agentId, toolCall } = await answering()
    askForAnswer(adapter, agentId, "output")
    expect(toolCall()?.status).toBe("pending")
    await controller.respondToToolCall(conversationId, "call-1", { output: { city: "Bergen" } })
    expect(toolCall()).toMatchObject({ status: "completed", result: { city: "Bergen" } })

    const second = await answering()
    askForAnswer(second.adapter, second.agentId, "output")
    await second.controller.respondToToolCall(second.conversationId, "call-1", {
      error: "Location is off",
    })
    expect(second.toolCall()).toMatchObject({ status: "error", error: "Location is off" })
  })

  it("refuses bad answers with a ChatError and leaves the store as it was", async () => {
    const { adapter, controller, conversationId, agentId } = await answering()
    askForAnswer(adapter, agentId, "approval")
    const before = controller.store.getState()
    const cases: [string, ToolCallResponse, string][] = [
      ["no-such-call", { approved: true }, "NOT_FOUND"],
      ["call-1", { output: "too early" }, "INVALID_INPUT"],
      ["call-1", { approved: "yes" } as unknown as ToolCallResponse, "INVALID_INPUT"],
      ["call-1", null as unknown as ToolCallResponse, "INVALID_INPUT"],
    ]
    for (const [toolCallId, response, code] of cases) {
      const error = await rejection(
        controller.respondToToolCall(conversationId, toolCallId, response),
      )
      expect(error.code).toBe(code)
    }
    expect(
      (await rejection(controller.respondToToolCall("nope", "call-1", { approved: true }))).code,
    ).toBe("NOT_FOUND")
    expect(controller.store.getState()).toBe(before)
    await controller.respondToToolCall(conversationId, "call-1", { approved: true })
    const answered = controller.store.getState()
    const late = await rejection(
      controller.respondToToolCall(conversationId, "call-1", { approved: false }),
    )
    expect(late.code).toBe("INVALID_INPUT")
    expect(late.message).toContain("no longer waits")
    expect(controller.store.getState()).toBe(answered)
    expect(adapter.answers).toHaveLength(1)
    expect(before.conversations[conversationId]?.items["tool-1"]).toMatchObject({
      toolCall: { status: "awaiting-approval" },
    })
  })

  it("refuses an answer the adapter cannot send, and keeps a failed send as the error", async () => {
    const unsupported = await answering(new AnsweringAdapter({}))
    askForAnswer(unsupported.adapter, unsupported.agentId, "approval")
    const refused = await rejection(
      unsupported.controller.respondToToolCall(unsupported.conversationId, "call-1", {
        approved: true,
      }),
    )
    expect(refused.code).toBe("UNSUPPORTED")
    expect(unsupported.toolCall()?.status).toBe("awaiting-approval")

    const failing = await answering()
    askForAnswer(failing.adapter, failing.agentId, "approval")
    failing.adapter.failAnswer = new ChatError("CONNECTION_LOST", "The connection dropped.")
    const failed = await rejection(
      failing.controller.respondToToolCall(failing.conversationId, "call-1", { approved: true }),
    )
    expect(failed.code).toBe("CONNECTION_LOST")
    expect(failing.toolCall()?.status).toBe("awaiting-approval")
    expect(failing.active().lastError?.code).toBe("CONNECTION_LOST")
    // Nothing lost: the call still waits and can be answered once the connection is back.
    failing.adapter.failAnswer = undefined
    await failing.controller.respondToToolCall(failing.conversationId, "call-1", { approved: true })
    expect(failing.toolCall()?.status).toBe("executing")
  })
})

describe("reduceChat: tool-response-requested", () => {
  it("ignores a request for an item that is not a tool call, or not there", () => {
    const { controller } = setup()
    const state = controller.store.getState()
    const next = reduceChat(state, {
      type: "tool-response-requested",
      agentId: "nobody",
      itemId: "x",
      awaiting: "approval",
    })
    expect(next).toBe(state)
  })
})

describe("TestAdapter without the method", () => {
  it("is refused as unsupported even when it claims the capability", async () => {
    const plain = await answering(new TestAdapter({ toolApproval: true }) as AnsweringAdapter)
    askForAnswer(plain.adapter, plain.agentId, "approval")
    const refused = await rejection(
      plain.controller.respondToToolCall(plain.conversationId, "call-1", { approved: true }),
    )
    expect(refused.code).toBe("UNSUPPORTED")
  })
})
