/**
 * GraphQL operation limits (issue 13 #15: 400 `chatHistory` aliases in a 28 KiB query answered
 * 192 MiB) and introspection, over HTTP and graphql-ws.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { createClient } from "graphql-ws"
import { afterEach, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { createGraphqlEndpoint, type GraphqlEndpointOptions } from "./graphql.js"

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function start(options: GraphqlEndpointOptions = {}) {
  const endpoint = createGraphqlEndpoint({ tokenDelayMs: 1, ...options })
  const server = createServer(async (request, response) => {
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
  errors?: { message: string }[]
}

async function post(url: string, query: string): Promise<Result> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query }),
  })
  return (await response.json()) as Result
}

/** The attack: one conversation's history asked for under `count` aliases. */
async function aliasQuery(url: string, count: number): Promise<string> {
  const created = await post(url, "mutation { createConversation }")
  const id = String(created.data?.createConversation)
  const fields = Array.from(
    { length: count },
    (_, index) => `a${index}: chatHistory(id: "${id}") { items count }`,
  )
  return `query { ${fields.join(" ")} }`
}

const INTROSPECTION = "query { __schema { queryType { name } } }"

describe("GraphQL limits over HTTP", () => {
  it("refuses a query with 400 aliases (or 20) without running it, and serves a few", async () => {
    const { http } = await start()
    const attack = await post(http, await aliasQuery(http, 400))
    expect(attack.data ?? undefined).toBeUndefined()
    // So long a query fails the token limit even before its aliases are counted.
    expect(attack.errors?.[0]?.message).toMatch(/token limit/i)
    const twenty = await post(http, await aliasQuery(http, 20))
    expect(twenty.data ?? undefined).toBeUndefined()
    expect(twenty.errors?.[0]?.message).toMatch(/aliases/i)
    const few = await post(http, await aliasQuery(http, 3))
    expect(few.errors).toBeUndefined()
    expect(Object.keys(few.data ?? {})).toHaveLength(3)
  })

  it("refuses introspection unless it is turned on", async () => {
    const closed = await start()
    expect((await post(closed.http, INTROSPECTION)).errors?.[0]?.message).toMatch(/introspection/i)
    const open = await start({ introspection: true })
    expect((await post(open.http, INTROSPECTION)).data).toMatchObject({
      __schema: { queryType: { name: "Query" } },
    })
  })

  it("refuses a query deeper than maxDepth", async () => {
    // The chat schema is two levels deep at most; a limit of 1 shows the rule at work.
    const { http } = await start({ limits: { maxDepth: 1 } })
    const deep = await post(http, 'query { chatHistory(id: "x") { items } }')
    expect(deep.errors?.[0]?.message).toMatch(/depth/i)
  })

  it("refuses a document of more tokens than maxTokens before parsing it whole", async () => {
    const { http } = await start({ limits: { maxTokens: 200 } })
    const fields = Array.from({ length: 300 }, () => "__typename").join(" ")
    expect((await post(http, `query { ${fields} }`)).errors?.[0]?.message).toMatch(/token/i)
  })
})

describe("GraphQL limits over graphql-ws", () => {
  it("refuses the alias attack and introspection on the WebSocket too", async () => {
    const { http, ws } = await start()
    const query = await aliasQuery(http, 20)
    const client = createClient({ url: ws, webSocketImpl: WebSocket, retryAttempts: 0 })
    cleanups.push(async () => {
      await client.dispose()
    })
    const run = (document: string) =>
      new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: document },
          { next: (value) => resolve(value), error: (error) => resolve(error), complete: () => {} },
        )
      })
    expect(JSON.stringify(await run(query))).toMatch(/aliases/i)
    expect(JSON.stringify(await run(INTROSPECTION))).toMatch(/introspection/i)
  })
})
