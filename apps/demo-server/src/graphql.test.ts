import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { createClient } from "graphql-ws"
import { afterEach, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { encodeAgentEvent } from "./graphql/encode.js"
import { createGraphqlEndpoint, type GraphqlEndpointOptions } from "./graphql.js"

interface Running {
  http: string
  ws: string
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(options: GraphqlEndpointOptions = {}): Promise<Running> {
  const endpoint = createGraphqlEndpoint({ tokenDelayMs: 1, ...options })
  const server: Server = createServer(async (request, response) => {
    if (!(await endpoint.handleRequest?.(request, response))) response.writeHead(404).end()
  })
  server.on("upgrade", (request, socket, head) => {
    if (!endpoint.handleUpgrade?.(request, socket, head)) socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
  const { port } = server.address() as AddressInfo
  cleanups.push(async () => {
    await endpoint.close?.()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { http: `http://127.0.0.1:${port}/graphql`, ws: `ws://127.0.0.1:${port}/graphql` }
}

interface Result {
  data?: Record<string, unknown> | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Result> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...init.headers },
    body: JSON.stringify({ query, variables }),
    ...(init.signal ? { signal: init.signal } : {}),
  })
  return (await response.json()) as Result
}

/** A field of `data`; fails the test, showing the whole result, when it is missing. */
function field<T>(result: Result, name: string): T {
  const value = result.data?.[name]
  if (value === undefined || value === null) {
    throw new Error(`no ${name} in ${JSON.stringify(result)}`)
  }
  return value as T
}

const CREATE = "mutation { createConversation }"
const CHAT =
  "query ($id: String!, $q: String!) { continueChat(id: $id, query: $q) { items conversationId } }"
const HISTORY = "query ($id: String!) { chatHistory(id: $id) { items count } }"
const EVENTS = "subscription ($id: String!) { agentEvent(agentId: $id) { name data timestamp } }"

async function create(url: string): Promise<string> {
  const result = await post(url, CREATE)
  return field<string>(result, "createConversation")
}

interface AgentEvent {
  name: string
  data: string
  timestamp: string
}

/** Subscribes over graphql-ws; resolves once the `subscribed` event came. */
async function listen(ws: string, agentId: string, connectionParams: Record<string, string> = {}) {
  const client = createClient({
    url: ws,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams,
  })
  cleanups.push(() => client.dispose())
  const events: AgentEvent[] = []
  const errors: unknown[] = []
  let completed = false
  await new Promise<void>((resolve, reject) => {
    client.subscribe<{ agentEvent: AgentEvent }>(
      { query: EVENTS, variables: { id: agentId } },
      {
        next: (value) => {
          if (value.errors) errors.push(value.errors)
          if (value.data) events.push(value.data.agentEvent)
          resolve()
        },
        error: (error) => {
          errors.push(error)
          reject(error)
        },
        complete: () => {
          completed = true
          resolve()
        },
      },
    )
  })
  return { events, errors, completed: () => completed }
}

async function until(check: () => boolean): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > 10_000) throw new Error("the condition never held")
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe("the GraphQL endpoint (Modus schema)", () => {
  it("creates a conversation, runs turns, keeps the history, clears and deletes", async () => {
    const { http } = await start()
    const id = await create(http)
    expect(id).toMatch(/^agent-/)

    const chat = await post(http, CHAT, { id, q: "hello" })
    const { items, conversationId } = field<{
      items: string
      conversationId: string
    }>(chat, "continueChat")
    expect(conversationId).toBe(id)
    const answer = JSON.parse(items) as { type: string; role: string; content: string }[]
    expect(answer).toHaveLength(1)
    expect(answer[0]).toMatchObject({ type: "message", role: "assistant" })
    expect(answer[0]?.content).toContain("## Here is what I found")

    const history = field<{
      items: string
      count: number
    }>(await post(http, HISTORY, { id }), "chatHistory")
    expect(history.count).toBe(2)
    expect(JSON.parse(history.items)[0]).toMatchObject({ role: "user", content: "hello" })

    expect(
      (await post(http, "mutation ($id: String!) { deleteConversationHistory(id: $id) }", { id }))
        .data,
    ).toEqual({
      deleteConversationHistory: true,
    })
    expect(field<{ count: number }>(await post(http, HISTORY, { id }), "chatHistory").count).toBe(0)
    expect(
      (await post(http, "mutation ($id: String!) { deleteAgent(id: $id) }", { id })).data,
    ).toEqual({
      deleteAgent: true,
    })
    const gone = await post(http, HISTORY, { id })
    expect(gone.errors?.[0]?.extensions?.code).toBe("NOT_FOUND")
    expect(gone.errors?.[0]?.message).toContain("create one with createConversation")
  })

  it("streams a turn's events to agentEvent subscribers as they happen", async () => {
    const { http, ws } = await start()
    const id = await create(http)
    const stream = await listen(ws, id)
    const chat = await post(http, CHAT, { id, q: "use the tool" })
    await until(() => stream.events.some((event) => event.name === "done"))
    const names = stream.events.map((event) => event.name)
    expect(names[0]).toBe("subscribed")
    expect(names[1]).toBe("run-started")
    expect(names.at(-1)).toBe("done")
    expect(new Set(names)).toEqual(
      new Set([
        "subscribed",
        "run-started",
        "item",
        "tool-call-update",
        "text-delta",
        "item-done",
        "done",
      ]),
    )
    const statuses = stream.events
      .filter((event) => event.name === "tool-call-update")
      .flatMap((event) => {
        const status = (JSON.parse(event.data) as { toolCall: { status?: string } }).toolCall.status
        return status ? [status] : []
      })
    expect(statuses).toEqual(["executing", "completed"])
    // The items the query resolved with are the items the stream described.
    const items = JSON.parse(field<{ items: string }>(chat, "continueChat").items) as {
      id: string
    }[]
    const streamedIds = stream.events
      .filter((event) => event.name === "item")
      .map((event) => (JSON.parse(event.data) as { item: { id: string } }).item.id)
    expect(streamedIds).toEqual(items.map((item) => item.id))
    expect(JSON.parse(stream.events.at(-1)?.data ?? "{}")).toMatchObject({ status: "ok" })
  })

  it("answers an error turn with a GraphQL error carrying the agent's message, after streaming it", async () => {
    const { http, ws } = await start()
    const id = await create(http)
    const stream = await listen(ws, id)
    const result = await post(http, CHAT, { id, q: "error" })
    expect(result.errors?.[0]?.extensions?.code).toBe("SERVER_ERROR")
    expect(result.errors?.[0]?.message).toContain("a scripted failure")
    await until(() => stream.events.some((event) => event.name === "done"))
    expect(stream.events.map((event) => event.name)).toEqual([
      "subscribed",
      "run-started",
      "error",
      "done",
    ])
    expect(JSON.parse(stream.events.at(-1)?.data ?? "{}")).toMatchObject({
      status: "error",
      error: { code: "SERVER_ERROR" },
    })
  })

  it("cancels the turn when the client aborts the request, and takes the next one", async () => {
    const { http, ws } = await start({ tokenDelayMs: 5 })
    const id = await create(http)
    const stream = await listen(ws, id)
    const controller = new AbortController()
    const sending = post(http, CHAT, { id, q: "slow" }, { signal: controller.signal }).catch(
      (error: unknown) => error,
    )
    await until(() => stream.events.some((event) => event.name === "text-delta"))
    controller.abort()
    await sending
    await until(() => stream.events.some((event) => event.name === "done"))
    expect(JSON.parse(stream.events.at(-1)?.data ?? "{}")).toMatchObject({ status: "cancelled" })
    const next = await post(http, CHAT, { id, q: "hello" })
    expect(next.errors).toBeUndefined()
  })

  it("includes the running turn in the history, so a client that reconnects catches up", async () => {
    const { http, ws } = await start({ tokenDelayMs: 5 })
    const id = await create(http)
    const stream = await listen(ws, id)
    const sending = post(http, CHAT, { id, q: "hello" })
    await until(() => stream.events.filter((event) => event.name === "text-delta").length > 3)
    const history = field<{ items: string }>(await post(http, HISTORY, { id }), "chatHistory")
    const items = JSON.parse(history.items) as { role: string; content: string }[]
    expect(items.map((item) => item.role)).toEqual(["user", "assistant"])
    expect(items[1]?.content.length).toBeGreaterThan(0)
    await sending
  })

  it.each([
    ["an unknown conversation", { id: "agent-none", q: "hi" }, "NOT_FOUND"],
    ["an empty message", { id: "", q: "   " }, "INVALID_INPUT"],
    ["an oversized message", { id: "", q: "x".repeat(100_001) }, "PAYLOAD_TOO_LARGE"],
  ])("refuses %s with a coded error", async (_, variables, code) => {
    const { http } = await start()
    const id = variables.id || (await create(http))
    const result = await post(http, CHAT, { ...variables, id })
    expect(result.errors?.[0]?.extensions?.code).toBe(code)
    expect(result.errors?.[0]?.message.length).toBeGreaterThan(20)
  })

  it("refuses a second turn while one runs", async () => {
    const { http } = await start({ tokenDelayMs: 5 })
    const id = await create(http)
    const first = post(http, CHAT, { id, q: "hello" })
    // The turn has started once the user's message is in the history (the answer then takes
    // far longer than one more request, all the more on a slow machine).
    for (;;) {
      const history = field<{ count: number }>(await post(http, HISTORY, { id }), "chatHistory")
      if (history.count > 0) break
    }
    const second = await post(http, CHAT, { id, q: "hello" })
    expect(second.errors?.[0]?.message).toContain("still answering")
    expect((await first).errors).toBeUndefined()
  })

  it("rejects invalid documents with GraphQL validation errors", async () => {
    const { http } = await start()
    const result = await post(http, "query { chatHistory { nope } }")
    expect(result.errors?.length).toBeGreaterThan(0)
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED")
  })

  it("ends the subscriptions of a deleted agent, and refuses subscribing to an unknown one", async () => {
    const { http, ws } = await start()
    const id = await create(http)
    const stream = await listen(ws, id)
    await post(http, "mutation ($id: String!) { deleteAgent(id: $id) }", { id })
    await until(() => stream.completed())
    const unknown = await listen(ws, "agent-none")
    expect(JSON.stringify(unknown.errors)).toContain("agent-none")
  })

  it("requires the token when one is configured, over HTTP and WebSocket", async () => {
    const { http, ws } = await start({ apiToken: "secret" })
    const refused = await post(http, CREATE)
    expect(refused.errors?.[0]?.extensions?.code).toBe("AUTHENTICATION_FAILED")
    const id = (await post(http, CREATE, {}, { headers: { Authorization: "Bearer secret" } })).data
      ?.createConversation as string
    expect(id).toMatch(/^agent-/)
    const stream = await listen(ws, id, { Authorization: "Bearer secret" })
    expect(stream.events[0]?.name).toBe("subscribed")
    await expect(listen(ws, id, { Authorization: "Bearer wrong" })).rejects.toBeDefined()
  })
})

describe("encodeAgentEvent", () => {
  const scope = { agentId: "a1", runId: "r1" }
  it.each([
    [{ type: "run-started", ...scope } as const, "run-started", { runId: "r1" }],
    [
      { type: "text-delta", ...scope, itemId: "m1", delta: "Hi" } as const,
      "text-delta",
      { runId: "r1", itemId: "m1", delta: "Hi" },
    ],
    [
      {
        type: "item-updated",
        ...scope,
        itemId: "t1",
        patch: { toolCall: { progress: 50 } },
      } as const,
      "tool-call-update",
      { runId: "r1", itemId: "t1", toolCall: { progress: 50 } },
    ],
    [
      { type: "item-updated", ...scope, itemId: "m1", patch: { content: "All" } } as const,
      "item-update",
      { runId: "r1", itemId: "m1", patch: { content: "All" } },
    ],
    [
      { type: "item-done", ...scope, itemId: "m1" } as const,
      "item-done",
      { runId: "r1", itemId: "m1" },
    ],
    [
      { type: "run-finished", ...scope, status: "cancelled" } as const,
      "done",
      { runId: "r1", status: "cancelled" },
    ],
  ])("encodes %o as %s", (event, name, data) => {
    const encoded = encodeAgentEvent(event)
    expect(encoded?.name).toBe(name)
    expect(JSON.parse(encoded?.data ?? "null")).toEqual(data)
  })

  it("has no form for connection changes", () => {
    expect(encodeAgentEvent({ type: "connection-changed", status: "open" })).toBeUndefined()
  })
})
