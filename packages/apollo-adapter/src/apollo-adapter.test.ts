import { checkEventOrder, foldEvents } from "@aichatkit/network-adapter/testing"
import type { ChatEvent } from "@aichatkit/types"
import { ApolloClient, gql, HttpLink, InMemoryCache } from "@apollo/client"
import { afterEach, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { ApolloAdapter } from "./apollo-adapter.js"
import { rejection } from "./testdata/rejection.js"
import {
  type DemoGraphql,
  recordEvents,
  recordingFetch,
  startDemo,
  startFlakyProxy,
  until,
} from "./testdata/servers.js"
import type { ApolloAdapterOptions } from "./types.js"

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function demo(tokenDelayMs = 1): Promise<DemoGraphql> {
  const started = await startDemo(tokenDelayMs)
  cleanups.push(() => started.close())
  return started
}

function adapter(options: ApolloAdapterOptions): ApolloAdapter {
  const created = new ApolloAdapter({ retryDelayMs: 10, ...options })
  cleanups.push(() => created.dispose())
  return created
}

function streaming(server: DemoGraphql, extra: ApolloAdapterOptions = {}): ApolloAdapter {
  return adapter({
    apiUrl: server.httpUrl,
    subscriptions: { url: server.wsUrl, transport: "graphql-ws", webSocketImpl: WebSocket },
    ...extra,
  })
}

describe("ApolloAdapter over HTTP (no subscriptions)", () => {
  it("runs the Modus lifecycle: create, chat, history, clear, delete", async () => {
    const server = await demo()
    const recorder = recordingFetch()
    const chat = adapter({ apiUrl: server.httpUrl, fetch: recorder.fetch })
    expect(chat.capabilities).toMatchObject({ streaming: false, cancel: true })

    const agentId = await chat.startChatAgent()
    expect(agentId).toMatch(/^agent-/)
    const response = await chat.sendMessage(agentId, "hello there")
    expect(response.conversationId).toBe(agentId)
    expect(response.items).toHaveLength(1)
    expect(response.items[0]).toMatchObject({ type: "message", role: "assistant" })

    const items = await chat.getConversationItems(agentId)
    expect(items.map((item) => (item.type === "message" ? item.role : item.type))).toEqual([
      "user",
      "assistant",
    ])
    expect(items[1]).toEqual(response.items[0])
    const history = await chat.getConversationHistory(agentId)
    expect(history[0]).toMatchObject({ role: "user", content: "hello there" })

    await chat.clearConversationHistory(agentId)
    expect(await chat.getConversationItems(agentId)).toEqual([])
    await chat.stopChatAgent(agentId)
    const afterStop = await rejection(chat.sendMessage(agentId, "hello"))
    expect(afterStop.code).toBe("AGENT_NOT_RUNNING")
    expect(recorder.operations).toEqual([
      "CreateConversation",
      "ContinueChat",
      "ChatHistory",
      "ChatHistory",
      "DeleteConversationHistory",
      "ChatHistory",
      "DeleteAgent",
    ])
  })

  it("sends the same message twice as two turns, never from a cache", async () => {
    const server = await demo()
    const chat = adapter({ apiUrl: server.httpUrl })
    const agentId = await chat.startChatAgent()
    const first = await chat.sendMessage(agentId, "hello")
    const second = await chat.sendMessage(agentId, "hello")
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id)
    expect(await chat.getConversationItems(agentId)).toHaveLength(4)
  })

  it("rejects bad input before sending anything", async () => {
    const server = await demo()
    const recorder = recordingFetch()
    const chat = adapter({ apiUrl: server.httpUrl, fetch: recorder.fetch })
    expect((await rejection(chat.sendMessage("", "hi"))).code).toBe("INVALID_INPUT")
    expect((await rejection(chat.sendMessage("a1", "   "))).code).toBe("INVALID_INPUT")
    expect((await rejection(chat.sendMessage("a1", "x".repeat(100_001)))).code).toBe(
      "PAYLOAD_TOO_LARGE",
    )
    expect(recorder.operations).toEqual([])
  })
})

describe("GraphQL errors", () => {
  it("carries the server's message, with its code, and is not retried", async () => {
    const server = await demo()
    const recorder = recordingFetch()
    const chat = adapter({ apiUrl: server.httpUrl, fetch: recorder.fetch })
    const agentId = await chat.startChatAgent()
    const failed = await rejection(chat.sendMessage(agentId, "please fail with an error"))
    expect(failed.code).toBe("SERVER_ERROR")
    expect(failed.message).toContain("a scripted failure")
    expect(failed.retryable).toBe(true)

    const missing = await rejection(chat.getConversationItems("agent-nobody"))
    expect(missing.code).toBe("NOT_FOUND")
    expect(missing.message).toContain('There is no conversation "agent-nobody"')
    expect(recorder.operations).toEqual(["CreateConversation", "ContinueChat", "ChatHistory"])
  })

  it("never retries a validation error, and points at the documents", async () => {
    const server = await demo()
    const proxy = await startFlakyProxy(server.httpUrl, 0, "503")
    cleanups.push(() => proxy.close())
    const chat = adapter({
      apiUrl: proxy.url,
      documents: {
        chatHistory: {
          document: gql`query History($id: String!) { chatHistory(id: $id) { lines } }`,
        },
      },
    })
    const error = await rejection(chat.getConversationItems("agent-1"))
    expect(error.code).toBe("PROTOCOL_ERROR")
    expect(error.message).toContain('Cannot query field "lines"')
    expect(error.message).toContain("documents")
    expect(proxy.requests()).toBe(1)
  })
})

describe("retries", () => {
  it.each(["503", "drop"] as const)(
    "retries a call that fails with %s up to maxRetries, with backoff",
    async (how) => {
      const server = await demo()
      const proxy = await startFlakyProxy(server.httpUrl, 2, how)
      cleanups.push(() => proxy.close())
      const chat = adapter({ apiUrl: proxy.url, maxRetries: 3 })
      const agentId = await chat.startChatAgent()
      expect(agentId).toMatch(/^agent-/)
      expect(proxy.requests()).toBe(3)
    },
  )

  it("gives up after maxRetries and says how often it tried", async () => {
    const server = await demo()
    const proxy = await startFlakyProxy(server.httpUrl, 10, "503")
    cleanups.push(() => proxy.close())
    const chat = adapter({ apiUrl: proxy.url, maxRetries: 2 })
    const error = await rejection(chat.startChatAgent())
    expect(error.code).toBe("SERVER_ERROR")
    expect(error.message).toContain("HTTP 503")
    expect(error.message).toContain("gave up after 3 attempts")
    expect(proxy.requests()).toBe(3)
  })

  it("reports an unreachable server as CONNECTION_FAILED", async () => {
    const chat = adapter({ apiUrl: "http://127.0.0.1:9/graphql", maxRetries: 1 })
    const error = await rejection(chat.startChatAgent())
    expect(error.code).toBe("CONNECTION_FAILED")
    expect(error.message).toContain("could not be reached")
  })
})

describe.each(["graphql-ws", "sse"] as const)("streaming over %s", (transport) => {
  function streamingOver(server: DemoGraphql): ApolloAdapter {
    return adapter({
      apiUrl: server.httpUrl,
      subscriptions: {
        url: transport === "sse" ? server.httpUrl : server.wsUrl,
        transport,
        webSocketImpl: WebSocket,
      },
    })
  }

  it("streams a tool call and its answer, then resolves the same items", async () => {
    const server = await demo()
    const chat = streamingOver(server)
    expect(chat.capabilities.streaming).toBe(true)
    const agentId = await chat.startChatAgent()
    const events = recordEvents(chat, agentId)
    const response = await chat.sendMessage(agentId, "use the tool please")

    expect(checkEventOrder(events)).toEqual([])
    expect(events[0]?.type).toBe("run-started")
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    expect(events.filter((event) => event.type === "text-delta").length).toBeGreaterThan(3)
    const statuses = events.flatMap((event) =>
      event.type === "item-updated" && event.patch.toolCall?.status
        ? [event.patch.toolCall.status]
        : [],
    )
    expect(statuses).toEqual(["executing", "completed"])
    expect(foldEvents(events)).toEqual(response.items)
    expect(response.items.map((item) => item.type)).toEqual(["tool_call", "message"])
  })

  it("streams a card with its actions", async () => {
    const server = await demo()
    const chat = streamingOver(server)
    const agentId = await chat.startChatAgent()
    const events = recordEvents(chat, agentId)
    const response = await chat.sendMessage(agentId, "show me a card")
    const card = response.items.find((item) => item.type === "card")
    expect(card?.type === "card" && card.card.actions?.map((action) => action.type)).toEqual([
      "button",
      "link",
    ])
    expect(foldEvents(events)).toEqual(response.items)
  })

  it("streams a failing turn as error events and rejects with the server's message", async () => {
    const server = await demo()
    const chat = streamingOver(server)
    const agentId = await chat.startChatAgent()
    const events = recordEvents(chat, agentId)
    const error = await rejection(chat.sendMessage(agentId, "error please"))
    expect(error.message).toContain("a scripted failure")
    await until(() => events.some((event) => event.type === "run-finished"))
    expect(events.find((event) => event.type === "error")).toMatchObject({
      error: { code: "SERVER_ERROR" },
    })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "error" })
    expect(checkEventOrder(events)).toEqual([])
  })
})

describe("cancel", () => {
  it("aborts the request; the server stops the turn and the next one runs", async () => {
    const server = await demo(5)
    const chat = streaming(server)
    const agentId = await chat.startChatAgent()
    const events = recordEvents(chat, agentId)
    const controller = new AbortController()
    chat.subscribe(agentId, (event) => {
      if (event.type === "text-delta") controller.abort()
    })
    const error = await rejection(chat.sendMessage(agentId, "slow", { signal: controller.signal }))
    expect(error.code).toBe("CANCELLED")
    await until(() => events.some((event) => event.type === "run-finished"))
    expect(events.find((event) => event.type === "run-finished")).toMatchObject({
      status: "cancelled",
    })
    const next = await chat.sendMessage(agentId, "hello")
    expect(next.items).toHaveLength(1)
  })
})

describe("a dropped subscription", () => {
  it("resubscribes, reloads the conversation, and shows nothing twice", async () => {
    const server = await demo(15)
    const recorder = recordingFetch()
    const chat = streaming(server, { fetch: recorder.fetch })
    const agentId = await chat.startChatAgent()
    const events = recordEvents(chat, agentId)
    const all: ChatEvent[] = []
    chat.subscribe("*", (event) => all.push(event))

    const sending = chat.sendMessage(agentId, "hello")
    await until(() => events.filter((event) => event.type === "text-delta").length >= 5)
    for (const client of server.webSocketServer.clients) client.terminate()
    const response = await sending

    const statuses = () =>
      all.flatMap((event) => (event.type === "connection-changed" ? [event.status] : []))
    await until(() => statuses().includes("open"))
    expect(statuses()).toEqual(["reconnecting", "open"])
    expect(recorder.operations).toContain("ChatHistory")

    const folded = foldEvents(events)
    const ids = folded.map((item) => item.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(folded).toEqual(response.items)
    expect(events.filter((event) => event.type === "run-finished")).toHaveLength(1)
    expect(checkEventOrder(events)).toEqual([])

    // The stream keeps working after the drop.
    const after = recordEvents(chat, agentId)
    const next = await chat.sendMessage(agentId, "a card please")
    expect(after.filter((event) => event.type === "text-delta").length).toBeGreaterThan(0)
    expect(foldEvents(after)).toEqual(next.items)
  })
})

describe("a subscription that cannot come back", () => {
  it("stops after maxRetries reopenings and says so; answers no longer stream", async () => {
    const server = await startDemo(1)
    const chat = streaming(server, { maxRetries: 1 })
    const agentId = await chat.startChatAgent()
    const all: ChatEvent[] = []
    chat.subscribe("*", (event) => all.push(event))
    await server.close()
    await until(() =>
      all.some((event) => event.type === "connection-changed" && event.status === "closed"),
    )
    expect(
      all.flatMap((event) => (event.type === "connection-changed" ? [event.status] : [])),
    ).toEqual(["reconnecting", "closed"])
    const error = all.find((event) => event.type === "error")
    expect(error).toMatchObject({ agentId, error: { code: "CONNECTION_LOST" } })
    expect(error?.type === "error" && error.error.message).toContain(
      "streaming stopped after 2 attempts",
    )
  })
})

describe("a subscription the server refuses", () => {
  it("reports the server's reason once, without reconnecting", async () => {
    const server = await demo()
    const chat = streaming(server)
    const events: ChatEvent[] = []
    chat.subscribe("*", (event) => events.push(event))
    const missing = await rejection(chat.sendMessage("agent-unknown", "hello"))
    expect(missing.code).toBe("NOT_FOUND")
    const streamErrors = events.filter((event) => event.type === "error")
    expect(streamErrors).toHaveLength(1)
    expect(streamErrors[0]).toMatchObject({
      agentId: "agent-unknown",
      error: { code: "NOT_FOUND" },
    })
    expect(streamErrors[0]?.type === "error" && streamErrors[0].error.message).toContain(
      'There is no conversation "agent-unknown"',
    )
    expect(
      events
        .filter((event) => event.type === "connection-changed")
        .map((event) => event.type === "connection-changed" && event.status),
    ).toEqual(["connecting"])
  })
})

describe("cache policy", () => {
  it("leaves nothing stale in a given client's cache after clearConversationHistory", async () => {
    const server = await demo()
    const client = new ApolloClient({
      link: new HttpLink({ uri: server.httpUrl }),
      cache: new InMemoryCache(),
    })
    const chat = adapter({ apolloClient: client })
    expect(chat.client).toBe(client)
    const agentId = await chat.startChatAgent()
    await chat.sendMessage(agentId, "hello")

    // The app's own view of the history, cached the Apollo way (cache-first).
    const HISTORY = gql`
      query AppHistory($id: String!) {
        chatHistory(id: $id) {
          items
          count
        }
      }
    `
    const cached = await client.query({ query: HISTORY, variables: { id: agentId } })
    expect((cached.data as { chatHistory: { count: number } }).chatHistory.count).toBe(2)

    await chat.clearConversationHistory(agentId)
    expect(client.readQuery({ query: HISTORY, variables: { id: agentId } })).toBeNull()
    const fresh = await client.query({ query: HISTORY, variables: { id: agentId } })
    expect((fresh.data as { chatHistory: { count: number } }).chatHistory.count).toBe(0)
    client.stop()
  })
})
