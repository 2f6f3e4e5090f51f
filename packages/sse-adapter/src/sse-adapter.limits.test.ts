/**
 * No turn hangs forever, no stream grows without bound, a resume never repeats text (issue 13,
 * items 9-11): a real HTTP server on 127.0.0.1 that misbehaves in each way, the Haira dialect.
 */
import { createServer, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { MAX_MESSAGE_TEXT_LENGTH } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"
import type { SSEAdapterOptions } from "./types.js"

const delta = (text: string, id?: string) =>
  `${id === undefined ? "" : `id: ${id}\n`}event: delta\ndata: ${JSON.stringify({ delta: text })}\n\n`
const done = "event: done\ndata: {}\n\n"
const streamHeaders = { "Content-Type": "text/event-stream", "Cache-Control": "no-store" }

/** Timers and sockets a test left open, closed after it. */
const open = new Set<{ close(): void }>()
/** How many times the `replay` behaviour was asked, and with which Last-Event-ID. */
const replayRequests: (string | undefined)[] = []

function keepAlive(response: ServerResponse): void {
  const timer = setInterval(() => response.write(": keep-alive\n\n"), 10)
  open.add({ close: () => clearInterval(timer) })
  response.on("close", () => clearInterval(timer))
}

function endless(response: ServerResponse): void {
  const chunk = delta("x".repeat(8_000))
  const write = () => {
    while (!response.destroyed && response.write(chunk)) {}
  }
  response.on("drain", write)
  write()
}

const behaviours: Record<string, (response: ServerResponse, lastEventId?: string) => void> = {
  stall(response) {
    response.writeHead(200, streamHeaders)
    response.write(delta("Partial answer"))
  },
  "keep-alive only"(response) {
    response.writeHead(200, streamHeaders)
    response.write(delta("Partial answer"))
    keepAlive(response)
  },
  "no headers"() {},
  endless(response) {
    response.writeHead(200, streamHeaders)
    endless(response)
  },
  /** Sends ids, drops after three events, and replays from the start whatever Last-Event-ID says. */
  replay(response, lastEventId) {
    replayRequests.push(lastEventId)
    response.writeHead(200, streamHeaders)
    const events = ["One ", "two ", "three ", "four ", "five."].map((text, index) =>
      delta(text, String(index + 1)),
    )
    if (replayRequests.length < 3) {
      // The stream ends before the turn did, as when a proxy in between restarts.
      response.end(events.slice(0, 1 + replayRequests.length).join(""))
      return
    }
    response.end(events.join("") + done)
  },
}

let url: string
const server = createServer(async (request, response) => {
  let text = ""
  for await (const chunk of request) text += chunk
  const { message } = JSON.parse(text) as { message: string }
  const lastEventId = request.headers["last-event-id"]
  behaviours[message]?.(response, typeof lastEventId === "string" ? lastEventId : undefined)
})

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`
})

afterAll(async () => {
  for (const handle of open) handle.close()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

async function turn(message: string, options: Partial<SSEAdapterOptions> = {}) {
  const adapter = new SSEAdapter({ url, ...options })
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  const result = await adapter.sendMessage(agentId, message).then(
    (response) => ({ items: response.items, error: undefined }),
    (error: { code: string; retryable: boolean }) => ({ items: undefined, error }),
  )
  const items: ChatResponseItem[] = await adapter.getConversationItems(agentId)
  return { ...result, events, history: items }
}

const textOf = (items: ChatResponseItem[]) =>
  items.flatMap((item) =>
    item.type === "message" && item.role === "assistant" ? [item.content] : [],
  )

describe("an idle turn ends with TIMEOUT", () => {
  for (const behaviour of ["stall", "keep-alive only", "no headers"]) {
    it(`when the server ${behaviour === "stall" ? "stalls" : `sends ${behaviour}`}: partial answer kept, retryable`, async () => {
      const { error, events, history } = await turn(behaviour, { idleTimeoutMs: 300 })
      expect(error).toMatchObject({ code: "TIMEOUT", retryable: true })
      expect(events.at(-1)).toMatchObject({
        type: "run-finished",
        status: "error",
        error: { code: "TIMEOUT" },
      })
      if (behaviour !== "no headers") expect(textOf(history)).toEqual(["Partial answer"])
    })
  }
})

describe("an endless answer", () => {
  it("stops at the store's limit with PAYLOAD_TOO_LARGE, the part received kept", async () => {
    const { error, events, history } = await turn("endless")
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "error" })
    const [text] = textOf(history)
    expect(text?.length).toBeLessThanOrEqual(MAX_MESSAGE_TEXT_LENGTH)
    expect(text?.length).toBeGreaterThan(MAX_MESSAGE_TEXT_LENGTH - 8_000)
  })
})

describe("a resume the server answers from the start", () => {
  it("skips the event ids already applied: the text appears once", async () => {
    replayRequests.length = 0
    const { error, items } = await turn("replay", { reconnect: { delayMs: 5, attempts: 3 } })
    expect(error).toBeUndefined()
    expect(replayRequests).toEqual([undefined, "2", "3"])
    expect(textOf(items ?? [])).toEqual(["One two three four five."])
  })
})
