/** The adapter against a real AG-UI stream, written by `@ag-ui/encoder`'s `EventEncoder`. */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type BaseEvent, EventType, type RunAgentInput } from "@ag-ui/core"
import { EventEncoder } from "@ag-ui/encoder"
import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import type { ChatEvent } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"

function script(input: RunAgentInput): BaseEvent[] {
  const { threadId, runId } = input
  const last = input.messages.at(-1)
  const text = typeof last?.content === "string" ? last.content : ""
  const started = { type: EventType.RUN_STARTED, threadId, runId } as BaseEvent
  if (text.includes("slow")) {
    const id = `${runId}-slow`
    return [
      started,
      { type: EventType.TEXT_MESSAGE_START, messageId: id, role: "assistant" } as BaseEvent,
      ...Array.from(
        { length: 100 },
        (_, index) =>
          ({
            type: EventType.TEXT_MESSAGE_CONTENT,
            messageId: id,
            delta: `word${index} `,
          }) as BaseEvent,
      ),
      { type: EventType.TEXT_MESSAGE_END, messageId: id } as BaseEvent,
      { type: EventType.RUN_FINISHED, threadId, runId } as BaseEvent,
    ]
  }
  if (text.includes("error")) {
    return [
      started,
      { type: EventType.RUN_ERROR, message: "The model is unavailable." } as BaseEvent,
    ]
  }
  return [
    started,
    { type: EventType.STEP_STARTED, stepName: "think" } as BaseEvent,
    {
      type: EventType.TEXT_MESSAGE_START,
      messageId: `${runId}-m1`,
      role: "assistant",
    } as BaseEvent,
    {
      type: EventType.TEXT_MESSAGE_CONTENT,
      messageId: `${runId}-m1`,
      delta: "Checking ",
    } as BaseEvent,
    { type: EventType.TEXT_MESSAGE_CONTENT, messageId: `${runId}-m1`, delta: "Oslo." } as BaseEvent,
    { type: EventType.TEXT_MESSAGE_END, messageId: `${runId}-m1` } as BaseEvent,
    {
      type: EventType.TOOL_CALL_START,
      toolCallId: `${runId}-c1`,
      toolCallName: "weather",
    } as BaseEvent,
    { type: EventType.TOOL_CALL_ARGS, toolCallId: `${runId}-c1`, delta: '{"city":' } as BaseEvent,
    { type: EventType.TOOL_CALL_ARGS, toolCallId: `${runId}-c1`, delta: '"Oslo"}' } as BaseEvent,
    { type: EventType.TOOL_CALL_END, toolCallId: `${runId}-c1` } as BaseEvent,
    {
      type: EventType.TOOL_CALL_RESULT,
      messageId: `${runId}-r1`,
      toolCallId: `${runId}-c1`,
      content: JSON.stringify({ temperatureC: 12 }),
    } as BaseEvent,
    { type: EventType.STATE_SNAPSHOT, snapshot: { city: "Oslo" } } as BaseEvent,
    {
      type: EventType.TEXT_MESSAGE_START,
      messageId: `${runId}-m2`,
      role: "assistant",
    } as BaseEvent,
    {
      type: EventType.TEXT_MESSAGE_CONTENT,
      messageId: `${runId}-m2`,
      delta: "It is 12 °C.",
    } as BaseEvent,
    { type: EventType.TEXT_MESSAGE_END, messageId: `${runId}-m2` } as BaseEvent,
    { type: EventType.STEP_FINISHED, stepName: "think" } as BaseEvent,
    { type: EventType.RUN_FINISHED, threadId, runId } as BaseEvent,
  ]
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
    const pause = input.messages.at(-1)?.content?.toString().includes("slow") ? 20 : 1
    for (const event of script(input)) {
      if (response.destroyed) return
      response.write(encoder.encode(event))
      await new Promise((resolve) => setTimeout(resolve, pause))
    }
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describeAdapterConformance(
  "SSEAdapter (ag-ui, EventEncoder server)",
  () => new SSEAdapter({ url, dialect: "ag-ui" }),
)

describe("SSEAdapter against a real AG-UI stream (ag-ui dialect)", () => {
  it("streams messages and a tool call with its arguments and result", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ag-ui" })
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    const response = await adapter.sendMessage(agentId, "Weather in Oslo?")

    expect(response.items.map((item) => item.type)).toEqual(["message", "tool_call", "message"])
    expect(response.items[0]).toMatchObject({ role: "assistant", content: "Checking Oslo." })
    expect(response.items[1]).toMatchObject({
      toolCall: {
        name: "weather",
        arguments: { city: "Oslo" },
        status: "completed",
        result: { temperatureC: 12 },
      },
    })
    expect(response.items[2]).toMatchObject({ content: "It is 12 °C." })
    expect(events.filter((event) => event.type === "error")).toEqual([])
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })

    // The request is a RunAgentInput for the session's thread.
    expect(inputs.at(-1)).toMatchObject({
      threadId: agentId,
      messages: [{ role: "user", content: "Weather in Oslo?" }],
      tools: [],
      context: [],
    })
  })

  it("sends the conversation so far with the next message", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ag-ui" })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "first")
    await adapter.sendMessage(agentId, "second")
    expect(inputs.at(-1)?.messages.map((message) => [message.role, message.content])).toEqual([
      ["user", "first"],
      ["assistant", "Checking Oslo."],
      // The tool call as the assistant's toolCalls, its result as a tool message.
      ["assistant", undefined],
      ["tool", '{"temperatureC":12}'],
      ["assistant", "It is 12 °C."],
      ["user", "second"],
    ])
  })

  it("fails the turn on RUN_ERROR with the server's message", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ag-ui" })
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    await expect(adapter.sendMessage(agentId, "cause an error")).rejects.toMatchObject({
      code: "SERVER_ERROR",
      message: "The agent reported an error: The model is unavailable.",
    })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "error" })
  })
})
