/** The adapter's options: body mapping, headers per request, a custom fetch, a user's own dialect. */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import type { ChatEvent } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createTurnState, type TurnState } from "./dialects/turn-state.js"
import { SSEAdapter } from "./sse-adapter.js"
import type { SSEDialect } from "./types.js"

let server: Server
let url: string
const seen: Array<{ headers: IncomingHttpHeaders; body: unknown }> = []

/** Streams the user's message back, one word per unnamed event, then `data: END`. */
beforeAll(async () => {
  server = createServer(async (request, response) => {
    let text = ""
    for await (const chunk of request) text += chunk
    const body = JSON.parse(text) as { message?: string; prompt?: string }
    seen.push({ headers: request.headers, body })
    response.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8" })
    if (body.prompt === "big") response.write(`data: ${"x".repeat(5 * 1024 * 1024)}\n\n`)
    for (const word of (body.message ?? body.prompt ?? "").split(" "))
      response.write(`data: ${word}\n\n`)
    response.end("data: END\n\n")
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** A dialect a user might write for a plain-text stream, built on the shared turn state. */
const echoDialect: SSEDialect<TurnState & { text?: string }> = {
  name: "echo",
  encodeRequest: ({ message }) => ({ prompt: message }),
  createState: (context) => createTurnState(context),
  decode(state, message) {
    const events: ChatEvent[] = []
    if (message.data === "END") {
      if (state.text)
        events.push({
          type: "item-done",
          agentId: state.agentId,
          runId: state.runId,
          itemId: state.text,
        })
      events.push({
        type: "run-finished",
        agentId: state.agentId,
        runId: state.runId,
        status: "ok",
      })
      return events
    }
    if (state.text === undefined) {
      state.text = `${state.runId}-echo`
      events.push({
        type: "item-added",
        agentId: state.agentId,
        runId: state.runId,
        item: {
          id: state.text,
          type: "message",
          role: "assistant",
          content: "",
          timestamp: state.now(),
        },
      })
    }
    events.push({
      type: "text-delta",
      agentId: state.agentId,
      runId: state.runId,
      itemId: state.text,
      delta: `${message.data} `,
    })
    return events
  },
  interrupt: () => [],
}

describe("SSEAdapter options", () => {
  it("runs a user's own dialect", async () => {
    const adapter = new SSEAdapter({ url, dialect: echoDialect })
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "one two three")
    expect(response.items).toEqual([expect.objectContaining({ content: "one two three " })])
    expect(seen.at(-1)?.body).toEqual({ prompt: "one two three" })
  })

  it("merges extra body fields into the dialect's body", async () => {
    const adapter = new SSEAdapter({ url, body: { temperature: 0.2 } })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "hi").catch(() => undefined) // the echo is not Haira
    expect(seen.at(-1)?.body).toEqual({ message: "hi", session_id: agentId, temperature: 0.2 })
  })

  it("lets a function map the body (a workflow with other parameter names)", async () => {
    const adapter = new SSEAdapter({
      url,
      dialect: echoDialect,
      body: (request, body) => ({ ...(body as object), sid: request.sessionId }),
    })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "mapped")
    expect(seen.at(-1)?.body).toEqual({ prompt: "mapped", sid: agentId })
  })

  it("asks getHeaders for every request, over the fixed headers", async () => {
    let token = 0
    const adapter = new SSEAdapter({
      url,
      dialect: echoDialect,
      headers: { "X-App": "demo", Authorization: "Bearer fixed" },
      getHeaders: async () => ({ Authorization: `Bearer ${++token}` }),
    })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "a")
    await adapter.sendMessage(agentId, "b")
    expect(seen.slice(-2).map(({ headers }) => [headers.authorization, headers["x-app"]])).toEqual([
      ["Bearer 1", "demo"],
      ["Bearer 2", "demo"],
    ])
  })

  it("fails the turn clearly when getHeaders throws", async () => {
    const adapter = new SSEAdapter({
      url,
      dialect: echoDialect,
      getHeaders: () => {
        throw new Error("no session")
      },
    })
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "a")).rejects.toMatchObject({
      code: "AUTHENTICATION_FAILED",
      message: "getHeaders failed: no session",
    })
  })

  it("uses the fetch it is given", async () => {
    const calls: string[] = []
    const adapter = new SSEAdapter({
      url,
      dialect: echoDialect,
      fetch: (input, init) => {
        calls.push(String(input))
        return fetch(input, init)
      },
    })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "x")
    expect(calls).toEqual([url])
  })

  it("takes a 5 MB event over HTTP by default; its text stops at the answer's limit", async () => {
    const adapter = new SSEAdapter({ url, dialect: echoDialect })
    const agentId = await adapter.startChatAgent()
    // The event is read whole (under maxEventBytes); as text, it is more than a message holds.
    await expect(adapter.sendMessage(agentId, "big")).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("The answer grew past 1,000,000 characters"),
    })
  })

  it("fails the turn with PAYLOAD_TOO_LARGE over maxEventBytes", async () => {
    const adapter = new SSEAdapter({ url, dialect: echoDialect, maxEventBytes: 1024 * 1024 })
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    await expect(adapter.sendMessage(agentId, "big")).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "error" })
  })

  it("rejects a body that cannot be JSON", async () => {
    const adapter = new SSEAdapter({ url, body: () => ({ n: 1n }) })
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "x")).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })
})
