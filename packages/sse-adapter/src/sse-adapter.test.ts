import { createDemoServer, type DemoServer } from "@aichatkit/demo-server"
import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ChatResponseItem, ToolCallItem } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"
import type { SSEAdapterOptions } from "./types.js"

let server: DemoServer

beforeAll(async () => {
  server = await createDemoServer({ tokenDelayMs: 1 })
})
afterAll(async () => {
  await server.close()
})

function adapterFor(options: Partial<SSEAdapterOptions> = {}): SSEAdapter {
  return new SSEAdapter({ url: `${server.url}/chat`, ...options })
}

function record(adapter: SSEAdapter, agentId: string): ChatEvent[] {
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  return events
}

/** A fetch whose first streamed response breaks after `bytes` bytes, as a dropped socket does. */
function fetchThatDropsAfter(bytes: number): typeof fetch {
  let dropped = false
  return async (input, init) => {
    const response = await fetch(input, init)
    const type = response.headers.get("content-type") ?? ""
    if (dropped || !response.body || !type.includes("event-stream")) return response
    dropped = true
    const reader = response.body.getReader()
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) return controller.close()
        if (sent + value.length >= bytes) {
          controller.enqueue(value.slice(0, bytes - sent))
          await reader.cancel()
          controller.error(new TypeError("terminated"))
          return
        }
        sent += value.length
        controller.enqueue(value)
      },
    })
    return new Response(body, { status: response.status, headers: response.headers })
  }
}

describeAdapterConformance("SSEAdapter (haira, demo server)", () => adapterFor())

describe("SSEAdapter against the demo server (Haira dialect)", () => {
  it("streams a markdown answer as one assistant message and resolves with it", async () => {
    const adapter = adapterFor()
    const agentId = await adapter.startChatAgent()
    const events = record(adapter, agentId)
    const response = await adapter.sendMessage(agentId, "hello there")
    expect(response.conversationId).toBe(agentId)
    expect(response.items).toHaveLength(1)
    const [answer] = response.items
    expect(answer).toMatchObject({ type: "message", role: "assistant" })
    const text = events
      .flatMap((event) => (event.type === "text-delta" ? [event.delta] : []))
      .join("")
    expect(answer?.type === "message" && answer.content).toBe(text)
    expect(text.length).toBeGreaterThan(20)
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
  })

  it("chats on a page without crypto.randomUUID (plain http other than localhost)", async () => {
    const { getRandomValues } = globalThis.crypto
    vi.stubGlobal("crypto", { getRandomValues: getRandomValues.bind(globalThis.crypto) })
    try {
      const adapter = adapterFor()
      const agentId = await adapter.startChatAgent()
      const response = await adapter.sendMessage(agentId, "hello there")
      expect(response.items).toMatchObject([{ type: "message", role: "assistant" }])
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it("turns tool_start / tool_end into a tool call with its arguments and result", async () => {
    const adapter = adapterFor()
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "what does the weather tool say?")
    const tool = response.items.find((item): item is ToolCallItem => item.type === "tool_call")
    expect(tool?.toolCall).toMatchObject({ name: "weather", status: "completed" })
    expect(tool?.toolCall.arguments).toHaveProperty("city")
    expect(tool?.toolCall.result).toBeDefined()
    expect(response.items.at(-1)).toMatchObject({ type: "message", role: "assistant" })
  })

  it("shows a failing tool as a tool call in error", async () => {
    const adapter = adapterFor()
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "make the tool fail")
    const tool = response.items.find((item): item is ToolCallItem => item.type === "tool_call")
    expect(tool?.toolCall.status).toBe("error")
    expect(tool?.toolCall.error).toEqual(expect.any(String))
  })

  it("turns tool_render into a card with its title and actions", async () => {
    const adapter = adapterFor()
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "show me a card")
    const card = response.items.find((item) => item.type === "card")
    expect(card?.type === "card" && card.card).toMatchObject({
      type: "weather",
      title: expect.stringContaining("Weather"),
      content: { city: expect.any(String) },
      actions: [
        { type: "button", action: "refresh" },
        { type: "link", action: expect.stringMatching(/^https:/) },
      ],
    })
  })

  it("fails the turn with the server's error (error, then done)", async () => {
    const adapter = adapterFor()
    const agentId = await adapter.startChatAgent()
    const events = record(adapter, agentId)
    const failure = await adapter
      .sendMessage(agentId, "trigger an error")
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: "SERVER_ERROR", retryable: true })
    expect(events.find((event) => event.type === "error")).toMatchObject({
      error: {
        code: "SERVER_ERROR",
        message: expect.stringContaining("The agent reported an error"),
      },
    })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "error" })
  })

  it("reads the JSON fallback when the server does not stream", async () => {
    // An Accept header other than exactly text/event-stream gets Haira's JSON answer.
    const adapter = adapterFor({ headers: { Accept: "text/event-stream, application/json" } })
    const agentId = await adapter.startChatAgent()
    const events = record(adapter, agentId)
    const response = await adapter.sendMessage(agentId, "hello")
    expect(response.items).toEqual([
      expect.objectContaining({
        type: "message",
        role: "assistant",
        content: expect.stringMatching(/\S/),
      }),
    ])
    expect(events.map((event) => event.type)).toEqual([
      "run-started",
      "connection-changed",
      "connection-changed",
      "item-added",
      "item-done",
      "run-finished",
    ])
    const failure = await adapter
      .sendMessage(agentId, "error please")
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: "SERVER_ERROR" })
  })

  it("reads the conversation from Haira's /_api/chats/{id}", async () => {
    const adapter = adapterFor({ historyUrl: `${server.url}/_api/chats` })
    const agentId = await adapter.startChatAgent()
    expect(await adapter.getConversationItems(agentId)).toEqual([])
    await adapter.sendMessage(agentId, "hello")
    await adapter.sendMessage(agentId, "show me a card")
    const items = await adapter.getConversationItems(agentId)
    expect(items.map((item) => (item.type === "message" ? item.role : item.type))).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "card",
    ])
    await adapter.clearConversationHistory(agentId)
    expect(await adapter.getConversationItems(agentId)).toEqual([])
  })

  it("resumes a dropped stream with Last-Event-ID and loses nothing", async () => {
    const adapter = adapterFor({ fetch: fetchThatDropsAfter(300), reconnect: { delayMs: 10 } })
    const agentId = await adapter.startChatAgent()
    const events = record(adapter, agentId)
    const response = await adapter.sendMessage(agentId, "what does the weather tool say?")
    const statuses = events.flatMap((event) =>
      event.type === "connection-changed" ? [event.status] : [],
    )
    expect(statuses).toContain("reconnecting")
    expect(events.some((event) => event.type === "error")).toBe(false)
    // What the server sent, from its own record of the session.
    const stored = (await (await fetch(`${server.url}/_api/chats/${agentId}`)).json()) as {
      items: ChatResponseItem[]
    }
    const shape = (items: ChatResponseItem[]) =>
      items.flatMap((item) =>
        item.type === "message" && item.role === "assistant"
          ? [item.content]
          : item.type === "tool_call"
            ? [item.toolCall.status, item.toolCall.result]
            : [],
      )
    expect(shape(response.items)).toEqual(shape(stored.items))
    expect(shape(response.items)).toHaveLength(3)
  })

  it("keeps the partial answer and fails retryably when the stream cannot resume", async () => {
    const adapter = adapterFor({ fetch: fetchThatDropsAfter(300), reconnect: false })
    const agentId = await adapter.startChatAgent()
    const events = record(adapter, agentId)
    const failure = await adapter.sendMessage(agentId, "hello").catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: "CONNECTION_LOST", retryable: true })
    const partial = events.find((event) => event.type === "item-added")
    expect(partial).toBeDefined()
    expect(events.at(-1)).toMatchObject({
      type: "run-finished",
      status: "error",
      error: { code: "CONNECTION_LOST" },
    })
    const items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).toMatchObject({
      type: "message",
      role: "assistant",
      content: expect.stringMatching(/\S/),
    })
  })

  it("cancels when the signal aborts: open items close, the run ends cancelled", async () => {
    const adapter = adapterFor()
    const agentId = await adapter.startChatAgent()
    const events = record(adapter, agentId)
    const controller = new AbortController()
    adapter.subscribe(agentId, (event) => {
      if (event.type === "text-delta") controller.abort()
    })
    const failure = await adapter
      .sendMessage(agentId, "slow please", { signal: controller.signal })
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: "CANCELLED" })
    const types = events.map((event) => event.type)
    expect(types.slice(-2)).toEqual(["item-done", "run-finished"])
    expect(events.at(-1)).toMatchObject({ status: "cancelled" })
  })

  it("rejects calls for unknown agents and empty messages clearly", async () => {
    const adapter = adapterFor()
    await expect(adapter.sendMessage("nope", "hi")).rejects.toMatchObject({
      code: "AGENT_NOT_RUNNING",
    })
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "  ")).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })
    expect(() => new SSEAdapter({ url: "" })).toThrow(/needs a url/)
    // @ts-expect-error: an unknown dialect name is a mistake a JavaScript caller can make.
    expect(() => new SSEAdapter({ url: "http://x", dialect: "grpc" })).toThrow(
      /Unknown SSE dialect/,
    )
  })

  it("says so when nothing listens at the url", async () => {
    const adapter = new SSEAdapter({ url: "http://127.0.0.1:9/chat" })
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "hi")).rejects.toMatchObject({
      code: "CONNECTION_FAILED",
      retryable: true,
      message: expect.stringContaining("check that the server runs"),
    })
  })
})
