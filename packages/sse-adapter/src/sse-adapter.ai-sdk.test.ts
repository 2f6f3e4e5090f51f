/**
 * The adapter against a real AI SDK server: `streamText` with a mock model from `ai/test`,
 * one turn with a tool call and its result, served by `toUIMessageStreamResponse()`.
 */
import { createServer, type Server } from "node:http"
import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ToolCallItem } from "@aichatkit/types"
import { simulateReadableStream, stepCountIs, streamText, tool } from "ai"
import { MockLanguageModelV3 } from "ai/test"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { z } from "zod"
import { SSEAdapter } from "./sse-adapter.js"
import { type StreamPart, usage } from "./testdata/ai-sdk-model.js"
import { closeLocally, listenLocally } from "./testdata/local-server.js"

/** First step: a short text and a weather call; second step: the answer using its result. */
function mockModel(prompt: string) {
  if (prompt.includes("fail")) {
    return new MockLanguageModelV3({
      doStream: async () => {
        throw new Error("The provider is overloaded.")
      },
    })
  }
  if (prompt.includes("slow")) {
    const words = Array.from({ length: 60 }, (_, index) => `word${index} `)
    const chunks: StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "text-start", id: "slow" },
      ...words.map((delta): StreamPart => ({ type: "text-delta", id: "slow", delta })),
      { type: "text-end", id: "slow" },
      { type: "finish", usage, finishReason: { unified: "stop", raw: undefined } },
    ]
    return new MockLanguageModelV3({
      doStream: async () => ({ stream: simulateReadableStream({ chunks, chunkDelayInMs: 15 }) }),
    })
  }
  let step = 0
  return new MockLanguageModelV3({
    doStream: async () => {
      step += 1
      const chunks: StreamPart[] =
        step === 1
          ? [
              { type: "stream-start", warnings: [] },
              { type: "text-start", id: "t1" },
              { type: "text-delta", id: "t1", delta: "Let me check " },
              { type: "text-delta", id: "t1", delta: "the weather." },
              { type: "text-end", id: "t1" },
              {
                type: "tool-call",
                toolCallId: "call-1",
                toolName: "weather",
                input: JSON.stringify({ city: "Oslo" }),
              },
              {
                type: "finish",
                usage,
                finishReason: { unified: "tool-calls", raw: undefined },
              },
            ]
          : [
              { type: "stream-start", warnings: [] },
              { type: "text-start", id: "t2" },
              { type: "text-delta", id: "t2", delta: "It is 12 °C in Oslo." },
              { type: "text-end", id: "t2" },
              {
                type: "finish",
                usage,
                finishReason: { unified: "stop", raw: undefined },
              },
            ]
      return { stream: simulateReadableStream({ chunks }) }
    },
  })
}

let server: Server
let url: string
const requests: unknown[] = []
/** The whole stream of each chat, for the reconnect endpoint (which replays from the start). */
const streams = new Map<string, Promise<string>>()

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname
    const resume = path.match(/^\/api\/chat\/([^/]+)\/stream$/)
    if (request.method === "GET" && resume) {
      const stream = streams.get(decodeURIComponent(resume[1] ?? ""))
      if (stream === undefined) return response.writeHead(204).end()
      response.writeHead(200, { "Content-Type": "text/event-stream" })
      return response.end(await stream)
    }
    let text = ""
    for await (const chunk of request) text += chunk
    const body = JSON.parse(text) as {
      id: string
      messages: Array<{ parts: Array<{ text: string }> }>
    }
    requests.push(body)
    const result = streamText({
      model: mockModel(body.messages.at(-1)?.parts[0]?.text ?? ""),
      prompt: "weather?",
      stopWhen: stepCountIs(2),
      onError: () => {}, // the failing turn's error reaches the client; no log needed here
      tools: {
        weather: tool({
          description: "The weather in a city",
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, temperatureC: 12 }),
        }),
      },
    })
    const web = result.toUIMessageStreamResponse({
      onError: (error) => String((error as Error).message),
    })
    const [live, stored] = (web.body as ReadableStream<Uint8Array>).tee()
    streams.set(body.id, new Response(stored).text())
    response.writeHead(web.status, Object.fromEntries(web.headers))
    for await (const chunk of live) {
      if (response.destroyed) break // the client went away (a cancel)
      response.write(chunk)
    }
    response.end()
  })
  url = await listenLocally(server, "/api/chat")
})

afterAll(() => closeLocally(server))

/** A fetch whose first POST response breaks after `bytes` bytes. */
function fetchThatDropsAfter(bytes: number): typeof fetch {
  let dropped = false
  return async (input, init) => {
    const response = await fetch(input, init)
    if (dropped || init?.method !== "POST" || !response.body) return response
    dropped = true
    const whole = new Uint8Array(await response.arrayBuffer())
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(whole.slice(0, bytes))
        controller.error(new TypeError("terminated"))
      },
    })
    return new Response(body, { status: response.status, headers: response.headers })
  }
}

describeAdapterConformance(
  "SSEAdapter (ai-sdk, streamText server)",
  () => new SSEAdapter({ url, dialect: "ai-sdk" }),
)

describe("SSEAdapter against a real AI SDK server (ai-sdk dialect)", () => {
  it("streams text, a tool call with its result, and more text", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ai-sdk" })
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    const response = await adapter.sendMessage(agentId, "What is the weather in Oslo?")

    expect(response.items.map((item) => item.type)).toEqual(["message", "tool_call", "message"])
    const [first, call, last] = response.items
    expect(first).toMatchObject({ role: "assistant", content: "Let me check the weather." })
    expect((call as ToolCallItem).toolCall).toEqual({
      id: "call-1",
      name: "weather",
      arguments: { city: "Oslo" },
      status: "completed",
      result: { city: "Oslo", temperatureC: 12 },
    })
    expect(last).toMatchObject({ role: "assistant", content: "It is 12 °C in Oslo." })
    const statuses = events.flatMap((event) =>
      event.type === "item-updated" && event.patch.toolCall?.status
        ? [event.patch.toolCall.status]
        : [],
    )
    expect(statuses).toEqual(["executing", "completed"])
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })

    // The request is what the AI SDK's own transport sends: the chat id and UI messages.
    expect(requests.at(-1)).toMatchObject({
      id: agentId,
      trigger: "submit-message",
      messages: [{ role: "user", parts: [{ type: "text", text: "What is the weather in Oslo?" }] }],
    })
  })

  it("fails the turn with the error the AI SDK streams", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ai-sdk" })
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    await expect(adapter.sendMessage(agentId, "please fail")).rejects.toMatchObject({
      code: "SERVER_ERROR",
      message: "The agent reported an error: The provider is overloaded.",
    })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "error" })
  })

  it("resumes through the reconnect endpoint without emitting anything twice", async () => {
    const adapter = new SSEAdapter({
      url,
      dialect: "ai-sdk",
      fetch: fetchThatDropsAfter(400),
      reconnect: { delayMs: 5, resumeUrl: (id) => `${url}/${id}/stream` },
    })
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    const response = await adapter.sendMessage(agentId, "weather again")
    expect(response.items.map((item) => item.type)).toEqual(["message", "tool_call", "message"])
    expect(response.items[0]).toMatchObject({ content: "Let me check the weather." })
    const added = events.filter((event) => event.type === "item-added")
    expect(added).toHaveLength(3)
    expect(
      events.some(
        (event) => event.type === "connection-changed" && event.status === "reconnecting",
      ),
    ).toBe(true)
  })
})
