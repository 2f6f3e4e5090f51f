/**
 * Stop after an approval, against a real AI SDK server: the run the answer starts (a new
 * request) streams part of its answer and then waits; aborting the signal given to
 * `respondToToolCall` aborts that request, the run ends `cancelled`, the part received stays.
 */
import { createServer, type Server } from "node:http"
import { nextEvent } from "@aichatkit/network-adapter/testing"
import type { ChatEvent } from "@aichatkit/types"
import { convertToModelMessages, stepCountIs, streamText } from "ai"
import { MockLanguageModelV3 } from "ai/test"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"
import { approvedWeather, type StreamPart, usage } from "./testdata/ai-sdk-model.js"
import { closeLocally, listenLocally } from "./testdata/local-server.js"

/** Asks for the weather tool; once its result is in the prompt, starts an answer that never ends. */
const model = new MockLanguageModelV3({
  doStream: async ({ prompt, abortSignal }) => {
    const answered = prompt.at(-1)?.role === "tool"
    const stream = new ReadableStream<StreamPart>({
      start(controller) {
        controller.enqueue({ type: "stream-start", warnings: [] })
        if (!answered) {
          const input = JSON.stringify({ city: "Oslo" })
          controller.enqueue({
            type: "tool-call",
            toolCallId: "call-w",
            toolName: "weather",
            input,
          })
          controller.enqueue({
            type: "finish",
            usage,
            finishReason: { unified: "tool-calls", raw: undefined },
          })
          controller.close()
          return
        }
        controller.enqueue({ type: "text-start", id: "t" })
        controller.enqueue({ type: "text-delta", id: "t", delta: "In Oslo it is" })
        // The rest never comes: only an abort ends this stream.
        abortSignal?.addEventListener("abort", () => controller.error(abortSignal.reason), {
          once: true,
        })
      },
    })
    return { stream }
  },
})

const tools = {
  weather: approvedWeather,
}

let server: Server
let url: string
/** Resolves when the server sees a response closed by the client before its end. */
let clientAborted: Promise<void>
let sawAbort: () => void = () => {}
/** The body of each request, in order, for the test that waits for the next one. */
let requestArrived: (body: { messages: Array<{ parts: Array<Record<string, unknown>> }> }) => void =
  () => {}
const nextRequest = () =>
  new Promise<Parameters<typeof requestArrived>[0]>((resolve) => {
    requestArrived = resolve
  })
/** When set, the next request gets no answer at all until the client gives up on it. */
let holdNext = false

beforeAll(async () => {
  clientAborted = new Promise((resolve) => {
    sawAbort = resolve
  })
  server = createServer(async (request, response) => {
    let body = ""
    for await (const chunk of request) body += chunk
    const parsed = JSON.parse(body) as { messages: Parameters<typeof convertToModelMessages>[0] }
    requestArrived(JSON.parse(body))
    if (holdNext) {
      holdNext = false
      return
    }
    const abort = new AbortController()
    response.on("close", () => {
      if (response.writableFinished) return
      abort.abort()
      sawAbort()
    })
    const result = streamText({
      model,
      messages: await convertToModelMessages(parsed.messages, { tools }),
      tools,
      stopWhen: stepCountIs(3),
      abortSignal: abort.signal,
      onError: () => {},
    })
    const web = result.toUIMessageStreamResponse()
    response.writeHead(web.status, Object.fromEntries(web.headers))
    try {
      for await (const chunk of web.body as ReadableStream<Uint8Array>) response.write(chunk)
    } catch {
      // The client went away: nothing to finish.
    }
    response.end()
  })
  url = await listenLocally(server, "/api/chat")
})

afterAll(() => closeLocally(server))

/** An agent whose weather call waits for approval; `approve` answers it, stopped by `stop`. */
async function awaitingApproval() {
  const adapter = new SSEAdapter({ url, dialect: "ai-sdk" })
  const agentId = await adapter.startChatAgent()
  await adapter.sendMessage(agentId, "weather in Oslo?")
  const stop = new AbortController()
  const approve = () =>
    adapter.respondToToolCall(agentId, "call-w", { approved: true }, { signal: stop.signal })
  return { adapter, agentId, stop, approve }
}

describe("SSEAdapter (ai-sdk) against a real AI SDK server: Stop after an approval", () => {
  it("aborts the request that carries the approval; the run ends cancelled, its text kept", async () => {
    const { adapter, agentId, stop, approve } = await awaitingApproval()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    const streaming = nextEvent(adapter, agentId, "text-delta")
    const answering = approve()
    await streaming
    stop.abort()
    await expect(answering).rejects.toMatchObject({ code: "CANCELLED" })
    await clientAborted
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
    const items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).toMatchObject({ type: "message", content: "In Oslo it is" })
  })

  it("leaves an approval stopped before the server acted cancelled: the next request does not approve it again", async () => {
    const { adapter, agentId, stop, approve } = await awaitingApproval()
    holdNext = true
    const held = nextRequest()
    const answering = approve()
    await held
    stop.abort()
    await expect(answering).rejects.toMatchObject({ code: "CANCELLED" })
    const items = await adapter.getConversationItems(agentId)
    expect(items.find((item) => item.type === "tool_call")).toMatchObject({
      toolCall: { status: "cancelled", approval: { approved: true } },
    })

    const sent = nextRequest()
    await adapter.sendMessage(agentId, "never mind")
    const parts = (await sent).messages.flatMap((message) => message.parts)
    expect(parts.find((part) => part.toolCallId === "call-w")).toMatchObject({
      state: "output-error",
    })
  })

  it("sends nothing when the signal aborted before the answer", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ai-sdk" })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "weather in Oslo?")
    const before = await adapter.getConversationItems(agentId)
    const answering = adapter.respondToToolCall(
      agentId,
      "call-w",
      { approved: true },
      { signal: AbortSignal.abort() },
    )
    await expect(answering).rejects.toMatchObject({ code: "CANCELLED" })
    expect(await adapter.getConversationItems(agentId)).toEqual(before)
  })
})
