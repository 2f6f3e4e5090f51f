/**
 * Tool calls that wait for the user's side, against a real AI SDK server: `streamText` with
 * an `ai/test` model, a tool with `needsApproval` and a tool without `execute` (the page runs
 * it), the requests read back with `convertToModelMessages`, as an AI SDK app's route does.
 */
import { createServer, type Server } from "node:http"
import { checkEventOrder } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ToolCallItem } from "@aichatkit/types"
import {
  convertToModelMessages,
  simulateReadableStream,
  stepCountIs,
  streamText,
  type ToolSet,
  tool,
} from "ai"
import { MockLanguageModelV3 } from "ai/test"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { z } from "zod"
import { SSEAdapter } from "./sse-adapter.js"
import { approvedWeather, type StreamPart, usage } from "./testdata/ai-sdk-model.js"
import { closeLocally, listenLocally } from "./testdata/local-server.js"

type Prompt = Parameters<MockLanguageModelV3["doStream"]>[0]["prompt"]

/** The tool result the model was given last, if the prompt ends with one. */
function lastToolResult(prompt: Prompt): unknown {
  const last = prompt.at(-1)
  if (last?.role !== "tool") return undefined
  const part = last.content.findLast((candidate) => candidate.type === "tool-result")
  return part?.type === "tool-result" ? part.output : undefined
}

function text(delta: string): StreamPart[] {
  return [
    { type: "text-start", id: "t" },
    { type: "text-delta", id: "t", delta },
    { type: "text-end", id: "t" },
  ]
}

/** Calls `toolName` first; once a tool result is in the prompt, says what it was. */
const model = new MockLanguageModelV3({
  doStream: async ({ prompt }) => {
    const result = lastToolResult(prompt)
    const user = prompt.findLast((message) => message.role === "user")
    const asked = JSON.stringify(user?.content ?? "")
    const toolName = asked.includes("where") ? "getLocation" : "weather"
    const chunks: StreamPart[] = [
      { type: "stream-start", warnings: [] },
      ...(result === undefined
        ? [
            {
              type: "tool-call" as const,
              toolCallId: `call-${toolName}`,
              toolName,
              input: JSON.stringify(toolName === "weather" ? { city: "Oslo" } : {}),
            },
          ]
        : text(`Tool said: ${JSON.stringify(result)}`)),
      {
        type: "finish",
        usage,
        finishReason: { unified: result === undefined ? "tool-calls" : "stop", raw: undefined },
      },
    ]
    return { stream: simulateReadableStream({ chunks }) }
  },
})

const tools = {
  weather: approvedWeather,
  // No execute: the page runs it. (Cast: a tool without output type trips the ToolSet index
  // signature under exactOptionalPropertyTypes.)
  getLocation: tool({
    description: "Where the user is (the browser knows)",
    inputSchema: z.object({}),
  }) as unknown as ToolSet[string],
}

let server: Server
let url: string
const requests: Array<{ messages: unknown[] }> = []

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = ""
    for await (const chunk of request) body += chunk
    const parsed = JSON.parse(body) as { messages: Parameters<typeof convertToModelMessages>[0] }
    requests.push(parsed)
    const result = streamText({
      model,
      messages: await convertToModelMessages(parsed.messages, { tools }),
      tools,
      stopWhen: stepCountIs(3),
      onError: () => {},
    })
    const web = result.toUIMessageStreamResponse()
    response.writeHead(web.status, Object.fromEntries(web.headers))
    for await (const chunk of web.body as ReadableStream<Uint8Array>) response.write(chunk)
    response.end()
  })
  url = await listenLocally(server, "/api/chat")
})

afterAll(() => closeLocally(server))

async function start() {
  const adapter = new SSEAdapter({ url, dialect: "ai-sdk" })
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  return { adapter, agentId, events }
}

function toolCallOf(items: readonly { type: string }[]): ToolCallItem {
  const call = items.find((item): item is ToolCallItem => item.type === "tool_call")
  if (!call) throw new Error("no tool call")
  return call
}

describe("SSEAdapter (ai-sdk) against a real AI SDK server: approval and browser tools", () => {
  it("says it carries answers to tool calls (Haira does not)", () => {
    expect(new SSEAdapter({ url, dialect: "ai-sdk" }).capabilities.toolApproval).toBe(true)
    expect(new SSEAdapter({ url, dialect: "haira" }).capabilities.toolApproval).toBe(false)
  })

  it("shows the approval request, and runs the tool once approved", async () => {
    const { adapter, agentId, events } = await start()
    const first = await adapter.sendMessage(agentId, "weather in Oslo?")
    const call = toolCallOf(first.items)
    expect(call.toolCall).toMatchObject({ id: "call-weather", status: "awaiting-approval" })
    expect(events).toContainEqual(
      expect.objectContaining({ type: "tool-response-requested", awaiting: "approval" }),
    )
    expect(checkEventOrder(events)).toEqual([])
    const before = events.length
    await adapter.respondToToolCall(agentId, "call-weather", { approved: true, reason: "fine" })
    const next = events.slice(before)
    expect(checkEventOrder(next)).toEqual([])
    // What useChat sends after addToolApprovalResponse: the tool part answered.
    expect(JSON.stringify(requests.at(-1))).toContain('"state":"approval-responded"')
    const items = await adapter.getConversationItems(agentId)
    expect(items.filter((item) => item.id === call.id)).toHaveLength(1)
    expect(toolCallOf(items).toolCall).toMatchObject({
      status: "completed",
      result: { city: "Oslo", temperatureC: 12 },
      approval: { approved: true, reason: "fine" },
    })
    expect(items.at(-1)).toMatchObject({
      type: "message",
      content: 'Tool said: {"type":"json","value":{"city":"Oslo","temperatureC":12}}',
    })
  })

  it("does not run a denied tool", async () => {
    const { adapter, agentId } = await start()
    await adapter.sendMessage(agentId, "weather in Oslo?")
    await adapter.respondToToolCall(agentId, "call-weather", { approved: false })
    const call = toolCallOf(await adapter.getConversationItems(agentId))
    expect(call.toolCall).toMatchObject({ status: "cancelled", approval: { approved: false } })
    expect(call.toolCall.result).toBeUndefined()
  })

  it("hands a tool without execute to the page and sends its output in the next request", async () => {
    const { adapter, agentId, events } = await start()
    const first = await adapter.sendMessage(agentId, "where am I?")
    const call = toolCallOf(first.items)
    expect(call.toolCall).toMatchObject({ name: "getLocation", status: "executing" })
    expect(events).toContainEqual(
      expect.objectContaining({ type: "tool-response-requested", awaiting: "output" }),
    )
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    await adapter.respondToToolCall(agentId, "call-getLocation", { output: { city: "Bergen" } })
    expect(JSON.stringify(requests.at(-1))).toContain('"state":"output-available"')
    const items = await adapter.getConversationItems(agentId)
    expect(toolCallOf(items).toolCall).toMatchObject({
      status: "completed",
      result: { city: "Bergen" },
    })
    expect(items.at(-1)).toMatchObject({ content: expect.stringContaining("Bergen") })
  })

  it("sends a browser tool's error as the tool's error", async () => {
    const { adapter, agentId } = await start()
    await adapter.sendMessage(agentId, "where am I?")
    await adapter.respondToToolCall(agentId, "call-getLocation", { error: "Location is off" })
    expect(JSON.stringify(requests.at(-1))).toContain('"errorText":"Location is off"')
    const items = await adapter.getConversationItems(agentId)
    expect(toolCallOf(items).toolCall).toMatchObject({ status: "error", error: "Location is off" })
    expect(items.at(-1)).toMatchObject({ content: expect.stringContaining("Location is off") })
  })

  it("refuses an answer to a call that no longer waits, or to no call, and sends nothing", async () => {
    const { adapter, agentId } = await start()
    await adapter.sendMessage(agentId, "weather in Oslo?")
    await adapter.respondToToolCall(agentId, "call-weather", { approved: true })
    const sent = requests.length
    await expect(
      adapter.respondToToolCall(agentId, "call-weather", { approved: true }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
    await expect(adapter.respondToToolCall(agentId, "nope", { output: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    })
    expect(requests.length).toBe(sent)
  })
})
