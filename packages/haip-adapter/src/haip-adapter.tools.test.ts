/**
 * Answers to tool calls over HAIP, client and server on a real socket: our server's tool (the
 * scripted agent) leaves a call waiting (TOOL_UPDATE QUEUED with `awaiting`), the adapter answers
 * with TOOL_UPDATE (approval) or TOOL_DONE (a browser tool) in a run it opens, and the tool plays
 * the agent's next run in that run.
 */
import {
  type HAIPMessage,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
  sendChatEvents,
} from "@aichatkit/haip-server"
import { startTestServer, type TestServer } from "@aichatkit/haip-server/testing"
import { checkEventOrder, nextEvent } from "@aichatkit/network-adapter/testing"
import { createScriptedAgent } from "@aichatkit/testing"
import type { ChatEvent, ToolCall, ToolCallItem } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"

/** The scripted agent as a tool that takes answers, as the demo server's `demo` tool does. */
class AnsweringTool extends HAIPTool {
  readonly agent
  readonly waiting = new Map<string, { itemId: string; toolCall: ToolCall }>()
  readonly answers: HAIPMessage[] = []
  /** Resolves when the run an answer opened is cancelled on the server (RUN_CANCEL). */
  readonly answerRunCancelled: Promise<void>
  #answerRunCancelled: () => void = () => {}

  constructor(tokenDelayMs = 1) {
    super()
    this.agent = createScriptedAgent({ tokenDelayMs })
    this.answerRunCancelled = new Promise((resolve) => {
      this.#answerRunCancelled = resolve
    })
  }

  schema(): HAIPToolSchema {
    return {
      name: "demo",
      description: "The scripted agent, taking answers to its tool calls",
      inputSchema: { type: "string" },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const events = this.agent.respond({
      agentId: client.transaction.id,
      message: String(message.payload),
      signal: client.signal,
    })
    await sendChatEvents(client, this.#remember(events))
  }

  override handleFrame(client: HAIPSessionTransaction, frame: HAIPMessage): void {
    this.answers.push(frame)
    const call = this.waiting.get(String(frame.payload.call_id))
    if (!call || !this.agent.answerToolCall) {
      client.finish("ERROR", "Not waiting.")
      return
    }
    const response =
      frame.type === "TOOL_UPDATE"
        ? { approved: frame.payload.status === "RUNNING" }
        : { output: frame.payload.result }
    client.signal.addEventListener("abort", () => this.#answerRunCancelled(), { once: true })
    const events = this.agent.answerToolCall({
      agentId: client.transaction.id,
      ...call,
      response,
      runId: client.runId,
      signal: client.signal,
    })
    void sendChatEvents(client, events)
  }

  async *#remember(events: AsyncIterable<ChatEvent>): AsyncIterable<ChatEvent> {
    const calls = new Map<string, ToolCall>()
    for await (const event of events) {
      if (event.type === "item-added" && event.item.type === "tool_call")
        calls.set(event.item.id, event.item.toolCall)
      const toolCall = event.type === "tool-response-requested" && calls.get(event.itemId)
      if (toolCall) this.waiting.set(toolCall.id, { itemId: event.itemId, toolCall })
      yield event
    }
  }
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setUp(tool = new AnsweringTool()) {
  const server: TestServer = await startTestServer({ tools: [tool] })
  cleanups.push(() => server.close())
  // A cancel the server never confirms would end the turn after this grace: none in these tests.
  const adapter = new HAIPAdapter({
    url: server.url,
    token: "Bearer TOKEN",
    tool: "demo",
    cancelGraceMs: 60_000,
  })
  cleanups.push(() => adapter.close())
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  return { tool, adapter, agentId, events }
}

function toolCallOf(items: readonly { type: string }[]): ToolCallItem {
  const call = items.find((item): item is ToolCallItem => item.type === "tool_call")
  if (!call) throw new Error("no tool call")
  return call
}

describe("HAIPAdapter: answers to tool calls against our server", () => {
  it("shows the call waiting for approval, approves it, and streams the next run", async () => {
    const { tool, adapter, agentId, events } = await setUp()
    expect(adapter.capabilities.toolApproval).toBe(true)
    const first = await adapter.sendMessage(agentId, "approve the weather lookup")
    const call = toolCallOf(first.items)
    expect(call.toolCall.status).toBe("awaiting-approval")
    expect(checkEventOrder(events)).toEqual([])
    const asked = events.length
    await adapter.respondToToolCall(agentId, call.toolCall.id, { approved: true })
    expect(tool.answers.map((frame) => [frame.type, frame.payload.status])).toEqual([
      ["TOOL_UPDATE", "RUNNING"],
    ])
    const next = events.slice(asked)
    expect(checkEventOrder(next)).toEqual([])
    expect(next.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    const items = await adapter.getConversationItems(agentId)
    expect(toolCallOf(items).toolCall).toMatchObject({ status: "completed" })
    expect(items.at(-1)).toMatchObject({ content: expect.stringContaining("Take an umbrella") })
    await expect(
      adapter.respondToToolCall(agentId, call.toolCall.id, { approved: true }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })

  it("sends a browser tool's output as TOOL_DONE, and refuses an unknown call", async () => {
    const { tool, adapter, agentId } = await setUp()
    const call = toolCallOf((await adapter.sendMessage(agentId, "my location")).items)
    await adapter.respondToToolCall(agentId, call.toolCall.id, { output: { city: "Bergen" } })
    expect(tool.answers.at(-1)).toMatchObject({
      type: "TOOL_DONE",
      payload: { status: "OK", result: { city: "Bergen" } },
    })
    const items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).toMatchObject({ content: "Your browser says you are in **Bergen**." })
    await expect(adapter.respondToToolCall(agentId, "nope", { output: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    })
    expect(tool.answers).toHaveLength(1)
  })

  it("cancels the run an approval opened (RUN_CANCEL) when its signal aborts; the text stays", async () => {
    const { tool, adapter, agentId, events } = await setUp(new AnsweringTool(40))
    const call = toolCallOf(
      (await adapter.sendMessage(agentId, "approve the weather lookup")).items,
    )
    const asked = events.length
    const streaming = nextEvent(adapter, agentId, "text-delta")
    const stop = new AbortController()
    const answering = adapter.respondToToolCall(
      agentId,
      call.toolCall.id,
      { approved: true },
      { signal: stop.signal },
    )
    await streaming
    stop.abort()
    await tool.answerRunCancelled
    await expect(answering).rejects.toMatchObject({ code: "CANCELLED" })
    const next = events.slice(asked)
    expect(checkEventOrder(next)).toEqual([])
    expect(next.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
    const items = await adapter.getConversationItems(agentId)
    const said = items.at(-1)
    expect(said).toMatchObject({ type: "message", role: "assistant" })
    expect(said?.type === "message" && said.content).not.toContain("Take an umbrella")
  })
})
