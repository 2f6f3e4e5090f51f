/**
 * Branches over the wires that send the whole history each turn: a real AI SDK server
 * (`streamText` with an `ai/test` model) and a real AG-UI stream (`@ag-ui/encoder`) receive the
 * chosen branch's history (`sendMessage(…, { history })`), and the turns after it follow it.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type BaseEvent, EventType, type RunAgentInput } from "@ag-ui/core"
import { EventEncoder } from "@ag-ui/encoder"
import type { ChatResponseItem } from "@aichatkit/types"
import { simulateReadableStream, streamText } from "ai"
import { MockLanguageModelV3 } from "ai/test"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
}

/** A model that answers "About <the last user text>." */
function echoModel(question: string) {
  return new MockLanguageModelV3({
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: [
          { type: "stream-start", warnings: [] },
          { type: "text-start", id: "t" },
          { type: "text-delta", id: "t", delta: `About ${question}.` },
          { type: "text-end", id: "t" },
          { type: "finish", usage, finishReason: { unified: "stop", raw: undefined } },
        ],
      }),
    }),
  })
}

interface AiSdkBody {
  messages: Array<{ role: string; parts: Array<{ type: string; text?: string }> }>
}

interface AgUiBody {
  messages: Array<{ role: string; content?: unknown }>
}

const aiSdkBodies: AiSdkBody[] = []
const agUiBodies: AgUiBody[] = []
let server: Server
let base: string

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let text = ""
    for await (const chunk of request) text += chunk
    if (request.url === "/ai-sdk") {
      const body = JSON.parse(text) as AiSdkBody
      aiSdkBodies.push(body)
      const question = body.messages.at(-1)?.parts[0]?.text ?? ""
      const web = streamText({
        model: echoModel(question),
        prompt: question,
      }).toUIMessageStreamResponse()
      response.writeHead(web.status, Object.fromEntries(web.headers))
      for await (const chunk of web.body as ReadableStream<Uint8Array>) response.write(chunk)
      return response.end()
    }
    const input = JSON.parse(text) as RunAgentInput
    agUiBodies.push(input as unknown as AgUiBody)
    const last = input.messages.at(-1)
    const question = typeof last?.content === "string" ? last.content : ""
    const encoder = new EventEncoder()
    const { threadId, runId } = input
    const events = [
      { type: EventType.RUN_STARTED, threadId, runId },
      { type: EventType.TEXT_MESSAGE_START, messageId: `${runId}-m`, role: "assistant" },
      {
        type: EventType.TEXT_MESSAGE_CONTENT,
        messageId: `${runId}-m`,
        delta: `About ${question}.`,
      },
      { type: EventType.TEXT_MESSAGE_END, messageId: `${runId}-m` },
      { type: EventType.RUN_FINISHED, threadId, runId },
    ] as BaseEvent[]
    response.writeHead(200, { "Content-Type": encoder.getContentType() })
    for (const event of events) response.write(encoder.encode(event))
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const aiSdkTexts = (body: AiSdkBody | undefined) =>
  body?.messages.map(
    (message) => `${message.role}: ${message.parts.map((part) => part.text ?? "").join("")}`,
  )
const agUiTexts = (body: AgUiBody | undefined) =>
  body?.messages.map((message) => `${message.role}: ${String(message.content)}`)

/** Two turns, then the second answered again after the first turn only, then one more turn. */
async function branchOnce(adapter: SSEAdapter) {
  const agentId = await adapter.startChatAgent()
  const first = await adapter.sendMessage(agentId, "Paris?")
  await adapter.sendMessage(agentId, "Rome?")
  const question: ChatResponseItem = {
    id: "u1",
    type: "message",
    role: "user",
    content: "Paris?",
    timestamp: "2026-01-01T00:00:00.000Z",
  }
  // The store's history for a regenerated second answer: the first turn, without what followed.
  await adapter.sendMessage(agentId, "Rome?", { history: [question, ...first.items] })
  await adapter.sendMessage(agentId, "Thanks")
}

describe("SSEAdapter sends the chosen branch's history", () => {
  it("ai-sdk: a real AI SDK server gets the branch, not the answer it replaces", async () => {
    const adapter = new SSEAdapter({ url: `${base}/ai-sdk`, dialect: "ai-sdk" })
    expect(adapter.capabilities.branching).toBe(true)
    await branchOnce(adapter)
    expect(aiSdkTexts(aiSdkBodies.at(-2))).toEqual([
      "user: Paris?",
      "assistant: About Paris?.",
      "user: Rome?",
    ])
    expect(aiSdkTexts(aiSdkBodies.at(-1))).toEqual([
      "user: Paris?",
      "assistant: About Paris?.",
      "user: Rome?",
      "assistant: About Rome?.",
      "user: Thanks",
    ])
  })

  it("ag-ui: a real AG-UI stream's server gets the branch, not the answer it replaces", async () => {
    const adapter = new SSEAdapter({ url: `${base}/ag-ui`, dialect: "ag-ui" })
    expect(adapter.capabilities.branching).toBe(true)
    await branchOnce(adapter)
    expect(agUiTexts(agUiBodies.at(-2))).toEqual([
      "user: Paris?",
      "assistant: About Paris?.",
      "user: Rome?",
    ])
    expect(agUiTexts(agUiBodies.at(-1))).toHaveLength(5)
  })

  it("haira keeps the conversation on the server: no branching, the history option is not used", () => {
    const adapter = new SSEAdapter({ url: `${base}/haira` })
    expect(adapter.capabilities.branching).toBe(false)
  })
})
