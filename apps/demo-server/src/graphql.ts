/**
 * The demo agent over GraphQL at `/graphql`: the Modus chat-agent schema over HTTP (GraphQL
 * Yoga, which also serves subscriptions over SSE) and `graphql-ws` over WebSocket for the
 * `agentEvent` subscription.
 */
import { createScriptedAgent, type ScriptedAgent } from "@aichatkit/testing"
import { useServer } from "graphql-ws/use/ws"
import { createYoga } from "graphql-yoga"
import { WebSocketServer } from "ws"
import type { WireEndpoint } from "./endpoint.js"
import { AgentRegistry } from "./graphql/agents.js"
import { chatError } from "./graphql/errors.js"
import { type GraphqlLimits, limitedSubscribe, limitPlugins } from "./graphql/limits.js"
import { createChatSchema } from "./graphql/schema.js"

export { type AgentEventPayload, encodeAgentEvent } from "./graphql/encode.js"

/** Options of {@link createGraphqlEndpoint}. */
export interface GraphqlEndpointOptions {
  /** Where it answers. Default `/graphql`. */
  path?: string
  /** Delay between streamed tokens of the demo agent, in ms. */
  tokenDelayMs?: number | undefined
  /** The agent to serve; the scripted demo agent by default. */
  agent?: ScriptedAgent
  /** When set, every request needs `Authorization: Bearer <apiToken>` (HTTP header or graphql-ws connection params). */
  apiToken?: string
  /** Alias, depth, cost and token limits of an operation (defaults in `DEFAULT_GRAPHQL_LIMITS`). */
  limits?: Partial<GraphqlLimits> | undefined
  /** Schema introspection (default: only when NODE_ENV is "development"). */
  introspection?: boolean | undefined
}

/** The GraphQL endpoint, with its WebSocket server (tests drop connections through it). */
export interface GraphqlEndpoint extends WireEndpoint {
  readonly webSocketServer: WebSocketServer
}

function pathOf(url: string | undefined): string {
  return new URL(url ?? "/", "http://localhost").pathname
}

/** Creates the GraphQL endpoint; mount it with `createDemoServer` or any Node HTTP server. */
export function createGraphqlEndpoint(options: GraphqlEndpointOptions = {}): GraphqlEndpoint {
  const path = options.path ?? "/graphql"
  const agent =
    options.agent ??
    createScriptedAgent(
      options.tokenDelayMs === undefined ? {} : { tokenDelayMs: options.tokenDelayMs },
    )
  const registry = new AgentRegistry(agent)
  const schema = createChatSchema(registry)
  const expected = options.apiToken === undefined ? undefined : `Bearer ${options.apiToken}`
  const introspection = options.introspection ?? process.env.NODE_ENV === "development"
  const limits = { limits: options.limits, introspection }

  const yoga = createYoga({
    schema,
    graphqlEndpoint: path,
    // The demo server sets CORS headers for every route itself.
    cors: false,
    graphiql: false,
    landingPage: false,
    logging: false,
    // Both transports get the same limits: HTTP through Yoga's plugins, WebSocket below.
    plugins: limitPlugins(limits),
    context: ({ request }: { request: Request }) => {
      if (expected !== undefined && request.headers.get("authorization") !== expected) {
        throw chatError(
          "AUTHENTICATION_FAILED",
          "The API token is missing or wrong; check apiToken.",
        )
      }
      return { request }
    },
  })

  const webSocketServer = new WebSocketServer({ noServer: true })
  const wsServer = useServer(
    {
      schema,
      onSubscribe: limitedSubscribe(schema, limits),
      onConnect: (context) => {
        if (expected === undefined) return true
        const params = context.connectionParams as { Authorization?: unknown } | undefined
        return params?.Authorization === expected
      },
    },
    webSocketServer,
  )

  return {
    name: "graphql",
    paths: [path, `${path} (ws: graphql-transport-ws)`],
    webSocketServer,
    async handleRequest(request, response) {
      if (pathOf(request.url) !== path) return false
      await yoga.handle(request, response)
      return true
    },
    handleUpgrade(request, socket, head) {
      if (pathOf(request.url) !== path) return false
      webSocketServer.handleUpgrade(request, socket, head, (ws) => {
        webSocketServer.emit("connection", ws, request)
      })
      return true
    },
    async close() {
      registry.closeAll()
      for (const client of webSocketServer.clients) client.terminate()
      await wsServer.dispose()
      await new Promise<void>((resolve) => webSocketServer.close(() => resolve()))
    },
  }
}
