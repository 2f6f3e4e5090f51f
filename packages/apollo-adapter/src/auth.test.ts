/**
 * `apiToken` on every wire: the `Authorization` header over HTTP and SSE, connection params
 * over graphql-ws. The server here refuses anything without the right token.
 */
import { createServer } from "node:http"
import type { ChatEvent } from "@aichatkit/types"
import { useServer } from "graphql-ws/use/ws"
import { createGraphQLError, createSchema, createYoga, Repeater } from "graphql-yoga"
import { afterEach, describe, expect, it } from "vitest"
import { WebSocket, WebSocketServer } from "ws"
import { ApolloAdapter } from "./apollo-adapter.js"
import { rejection } from "./testdata/rejection.js"
import { closeServer, listen } from "./testdata/servers.js"
import type { SubscriptionsOption } from "./types.js"

const TOKEN = "s3cret"
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function startGuarded(): Promise<{ http: string; ws: string }> {
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      type Query {
        chatHistory(id: String!): History!
        continueChat(id: String!, query: String!): ChatResult!
      }
      type ChatResult { items: String! conversationId: String! }
      type History { items: String! count: Int! }
      type Mutation { createConversation: String! }
      type AgentEvent { name: String! data: String! timestamp: String! }
      type Subscription { agentEvent(agentId: String!): AgentEvent! }
    `,
    resolvers: {
      Query: {
        chatHistory: () => ({ items: "[]", count: 0 }),
        continueChat: () => ({ items: "[]", conversationId: "agent-1" }),
      },
      Mutation: { createConversation: () => "agent-1" },
      Subscription: {
        agentEvent: {
          subscribe: () =>
            new Repeater(async (push, stop) => {
              await push({ name: "subscribed", data: "{}", timestamp: "" })
              await stop
            }),
          resolve: (event: unknown) => event,
        },
      },
    },
  })
  const yoga = createYoga({
    schema,
    logging: false,
    context: ({ request }: { request: Request }) => {
      if (request.headers.get("authorization") !== `Bearer ${TOKEN}`) {
        throw createGraphQLError("Bad token.", { extensions: { code: "UNAUTHENTICATED" } })
      }
      return {}
    },
  })
  const server = createServer(yoga)
  const webSocketServer = new WebSocketServer({ server, path: "/graphql" })
  const seenParams: unknown[] = []
  const disposable = useServer(
    {
      schema,
      onConnect: (context) => {
        seenParams.push(context.connectionParams)
        return context.connectionParams?.Authorization === `Bearer ${TOKEN}`
      },
    },
    webSocketServer,
  )
  const url = await listen(server)
  cleanups.push(async () => {
    await disposable.dispose()
    webSocketServer.close()
    await closeServer(server)
  })
  return { http: `${url}/graphql`, ws: `${url.replace("http", "ws")}/graphql` }
}

describe("apiToken", () => {
  it("is sent as a Bearer header; a missing one is refused as AUTHENTICATION_FAILED", async () => {
    const { http } = await startGuarded()
    const without = new ApolloAdapter({ apiUrl: http, maxRetries: 0 })
    cleanups.push(() => without.dispose())
    const refused = await rejection(without.startChatAgent())
    expect(refused.code).toBe("AUTHENTICATION_FAILED")
    expect(refused.message).toContain("Bad token.")

    const withToken = new ApolloAdapter({ apiUrl: http, apiToken: TOKEN })
    cleanups.push(() => withToken.dispose())
    expect(await withToken.startChatAgent()).toBe("agent-1")
  })

  it("can be set later through initialize", async () => {
    const { http } = await startGuarded()
    const chat = new ApolloAdapter({ apiUrl: http, apiToken: "old" })
    cleanups.push(() => chat.dispose())
    await chat.initialize({ apiToken: TOKEN })
    expect(await chat.getConversationItems("agent-1")).toEqual([])
  })

  it.each<[string, (urls: { http: string; ws: string }) => SubscriptionsOption]>([
    ["graphql-ws (connection params)", ({ ws }) => ({ url: ws, webSocketImpl: WebSocket })],
    ["SSE (the header)", ({ http }) => ({ url: http, transport: "sse" })],
  ])("opens the event stream over %s with it", async (_, subscriptions) => {
    const urls = await startGuarded()
    const chat = new ApolloAdapter({
      apiUrl: urls.http,
      apiToken: TOKEN,
      subscriptions: subscriptions(urls),
      // Far past the test's time limit: only the server's `subscribed` lets the agent start in time.
      subscribeTimeoutMs: 600_000,
    })
    cleanups.push(() => chat.dispose())
    const statuses: string[] = []
    chat.subscribe("*", (event) => {
      if (event.type === "connection-changed") statuses.push(event.status)
    })
    expect(await chat.startChatAgent()).toBe("agent-1")
    expect(statuses).toEqual(["connecting", "open"])
  })

  it("is refused over graphql-ws without retrying, as AUTHENTICATION_FAILED", async () => {
    const { http, ws } = await startGuarded()
    const chat = new ApolloAdapter({
      apiUrl: http,
      apiToken: "wrong",
      maxRetries: 3,
      subscriptions: { url: ws, webSocketImpl: WebSocket },
    })
    cleanups.push(() => chat.dispose())
    const events: ChatEvent[] = []
    chat.subscribe("*", (event) => events.push(event))
    const refused = await rejection(chat.sendMessage("agent-1", "hello"))
    expect(refused.code).toBe("AUTHENTICATION_FAILED")
    const streamError = events.find((event) => event.type === "error")
    expect(streamError).toMatchObject({ error: { code: "AUTHENTICATION_FAILED" } })
    expect(streamError?.type === "error" && streamError.error.message).toContain("4403")
    expect(
      events.some(
        (event) => event.type === "connection-changed" && event.status === "reconnecting",
      ),
    ).toBe(false)
  })
})
