/**
 * A frontend tool over AG-UI, against a stream written by `@ag-ui/encoder`: the agent calls
 * `getLocation` and finishes the run without a result; the page's answer goes back as a
 * `tool` message in the next run, and the agent goes on from it.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type BaseEvent, EventType, type RunAgentInput } from "@ag-ui/core"
import { EventEncoder } from "@ag-ui/encoder"
import { checkEventOrder } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ToolCallItem } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"

function script(input: RunAgentInput): BaseEvent[] {
  const { threadId, runId } = input
  const last = input.messages.at(-1)
  const events: BaseEvent[] = [{ type: EventType.RUN_STARTED, threadId, runId } as BaseEvent]
  if (last?.role === "tool") {
    const id = `${runId}-m`
    events.push(
      { type: EventType.TEXT_MESSAGE_START, messageId: id, role: "assistant" } as BaseEvent,
      {
        type: EventType.TEXT_MESSAGE_CONTENT,
        messageId: id,
        delta: `The browser said: ${String(last.content)}`,
      } as BaseEvent,
      { type: EventType.TEXT_MESSAGE_END, messageId: id } as BaseEvent,
    )
  } else {
    const toolCallId = `${runId}-call`
    events.push(
      { type: EventType.TOOL_CALL_START, toolCallId, toolCallName: "getLocation" } as BaseEvent,
      { type: EventType.TOOL_CALL_ARGS, toolCallId, delta: "{}" } as BaseEvent,
      { type: EventType.TOOL_CALL_END, toolCallId } as BaseEvent,
    )
  }
  events.push({ type: EventType.RUN_FINISHED, threadId, runId } as BaseEvent)
  return events
}

let server: Server
let url: string
const inputs: RunAgentInput[] = []

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = ""
    for await (const chunk of request) body += chunk
    const input = JSON.parse(body) as RunAgentInput
    inputs.push(input)
    const encoder = new EventEncoder({ accept: request.headers.accept ?? "" })
    response.writeHead(200, { "Content-Type": encoder.getContentType() })
    for (const event of script(input)) response.write(encoder.encode(event))
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe("SSEAdapter (ag-ui): a frontend tool answered with a tool message", () => {
  it("hands the call to the page and sends the output in the next run", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ag-ui" })
    expect(adapter.capabilities.toolApproval).toBe(true)
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    const first = await adapter.sendMessage(agentId, "where am I?")
    const call = first.items.find((item): item is ToolCallItem => item.type === "tool_call")
    expect(call?.toolCall).toMatchObject({ name: "getLocation", status: "executing" })
    expect(events).toContainEqual(
      expect.objectContaining({ type: "tool-response-requested", awaiting: "output" }),
    )
    expect(checkEventOrder(events)).toEqual([])

    await adapter.respondToToolCall(agentId, call?.toolCall.id ?? "", {
      output: { city: "Bergen" },
    })
    const input = inputs.at(-1)
    expect(input?.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"])
    expect(input?.messages[1]).toMatchObject({
      role: "assistant",
      toolCalls: [{ id: call?.toolCall.id, type: "function", function: { name: "getLocation" } }],
    })
    expect(input?.messages[2]).toMatchObject({
      role: "tool",
      toolCallId: call?.toolCall.id,
      content: '{"city":"Bergen"}',
    })
    const items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).toMatchObject({ content: 'The browser said: {"city":"Bergen"}' })
    expect(checkEventOrder(events)).toEqual([])
  })

  it("sends a thrown error as the tool message's error", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ag-ui" })
    const agentId = await adapter.startChatAgent()
    const first = await adapter.sendMessage(agentId, "where am I?")
    const call = first.items.find((item): item is ToolCallItem => item.type === "tool_call")
    await adapter.respondToToolCall(agentId, call?.toolCall.id ?? "", { error: "Location is off" })
    expect(inputs.at(-1)?.messages.at(-1)).toMatchObject({
      role: "tool",
      content: "Location is off",
      error: "Location is off",
    })
  })

  it("refuses an approval: AG-UI never asks for one", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ag-ui" })
    const agentId = await adapter.startChatAgent()
    const first = await adapter.sendMessage(agentId, "where am I?")
    const call = first.items.find((item): item is ToolCallItem => item.type === "tool_call")
    await expect(
      adapter.respondToToolCall(agentId, call?.toolCall.id ?? "", { approved: true }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })
})
