/**
 * The two SSE dialects the demo server does not speak, served by their real libraries on
 * 127.0.0.1 for the recordings: the AI SDK (`streamText` with a mock model from `ai/test`,
 * `toUIMessageStreamResponse()`) at `/ai-sdk`, and AG-UI (`@ag-ui/encoder`) at `/ag-ui`. Each
 * answers with the same short markdown, token by token.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { type BaseEvent, EventType, type RunAgentInput } from "@ag-ui/core"
import { EventEncoder } from "@ag-ui/encoder"
import { simulateReadableStream, streamText } from "ai"
import { MockLanguageModelV3 } from "ai/test"

const ANSWER = [
  "## Recorded",
  " answer\n\n",
  "Streamed by ",
  "**a real peer**",
  ", token by token.",
]

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
}

function aiSdkModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: async () => ({
      stream: simulateReadableStream({
        chunkDelayInMs: 2,
        chunks: [
          { type: "stream-start", warnings: [] },
          { type: "text-start", id: "t1" },
          ...ANSWER.map((delta) => ({ type: "text-delta" as const, id: "t1", delta })),
          { type: "text-end", id: "t1" },
          { type: "finish", usage, finishReason: { unified: "stop", raw: undefined } },
        ],
      }),
    }),
  })
}

function agUiEvents(input: RunAgentInput): BaseEvent[] {
  const { threadId, runId } = input
  const messageId = `${runId}-m1`
  return [
    { type: EventType.RUN_STARTED, threadId, runId } as BaseEvent,
    { type: EventType.TEXT_MESSAGE_START, messageId, role: "assistant" } as BaseEvent,
    ...ANSWER.map(
      (delta) => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta }) as BaseEvent,
    ),
    { type: EventType.TEXT_MESSAGE_END, messageId } as BaseEvent,
    { type: EventType.RUN_FINISHED, threadId, runId } as BaseEvent,
  ]
}

/** Starts both peers; `url` is `http://127.0.0.1:port` (paths `/ai-sdk` and `/ag-ui`). */
export async function startPeerServers(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    let text = ""
    for await (const chunk of request) text += chunk
    if (request.url === "/ai-sdk") {
      const result = streamText({ model: aiSdkModel(), prompt: "answer" })
      const web = result.toUIMessageStreamResponse()
      response.writeHead(web.status, Object.fromEntries(web.headers))
      for await (const chunk of web.body as ReadableStream<Uint8Array>) response.write(chunk)
      response.end()
      return
    }
    if (request.url === "/ag-ui") {
      const encoder = new EventEncoder({ accept: request.headers.accept ?? "" })
      response.writeHead(200, { "Content-Type": encoder.getContentType() })
      for (const event of agUiEvents(JSON.parse(text) as RunAgentInput)) {
        response.write(encoder.encode(event))
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      response.end()
      return
    }
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
