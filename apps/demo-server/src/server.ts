import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { SessionStore } from "@aichatkit/haip-server"
import type { ScriptedAgent } from "@aichatkit/testing"
import type { WireEndpoint } from "./endpoint.js"
import { createGraphqlEndpoint } from "./graphql.js"
import { createHaipEndpoint } from "./haip.js"
import { createOriginPolicy } from "./origin.js"
import { createSseEndpoint } from "./sse.js"
import { createUploadsEndpoint } from "./uploads.js"

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number
  /** Host to listen on; loopback by default. */
  host?: string
  /** Delay between streamed tokens of the demo agent, in ms. */
  tokenDelayMs?: number
  /** Log requests to stdout. */
  log?: boolean
  /**
   * Origins whose pages may call the server (CORS, and `Origin` on WebSocket upgrades). Default:
   * the playground's, `http://127.0.0.1:5173` and `http://localhost:5173`. Requests without an
   * `Origin` (curl, Node) are not browsers' cross-site requests and are always served.
   */
  allowedOrigins?: readonly string[] | undefined
  /** Host names accepted in `Host` besides 127.0.0.1, localhost and [::1] (default none). */
  allowedHosts?: readonly string[] | undefined
  /**
   * The agent every wire serves (a real model: `createModelAgent`); the scripted demo agent,
   * one per wire, by default.
   */
  agent?: ScriptedAgent | undefined
  /** GraphQL introspection (default: only when NODE_ENV is "development"). */
  introspection?: boolean | undefined
  /**
   * Where HAIP sessions and SSE runs are kept: this process's memory by default; a shared store
   * (`redisStore` from `@aichatkit/haip-server/redis`) lets clients resume on any instance.
   */
  store?: SessionStore | undefined
}

/** A running demo server. */
export interface DemoServer {
  /** `http://host:port`, without a trailing slash. */
  url: string
  port: number
  endpoints: WireEndpoint[]
  close(): Promise<void>
}

/**
 * Starts one HTTP server that mounts every wire endpoint: the demo agent over HAIP, SSE and
 * GraphQL, on one port.
 */
export async function createDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const endpoints: WireEndpoint[] = []
  const policy = createOriginPolicy({
    allowedOrigins: options.allowedOrigins,
    // The name it listens on is its own (a wildcard address is no name a browser sends).
    allowedHosts: [
      ...(options.allowedHosts ?? []),
      ...(options.host && !["0.0.0.0", "::"].includes(options.host) ? [options.host] : []),
    ],
  })
  endpoints.push(
    createGraphqlEndpoint({
      tokenDelayMs: options.tokenDelayMs,
      introspection: options.introspection,
      ...(options.agent ? { agent: options.agent } : {}),
    }),
  )
  const store = options.store
  endpoints.push(
    createSseEndpoint({ tokenDelayMs: options.tokenDelayMs, agent: options.agent, store }),
  )
  endpoints.push(
    createHaipEndpoint({
      tokenDelayMs: options.tokenDelayMs,
      agent: options.agent,
      ...(store ? { server: { store } } : {}),
    }),
  )
  endpoints.push(createUploadsEndpoint())

  const server = createServer(async (request, response) => {
    if (options.log) console.log(`${request.method} ${request.url}`)
    if (policy.admit(request, response) === "answered") return
    try {
      for (const endpoint of endpoints) {
        if (await endpoint.handleRequest?.(request, response)) return
      }
      const path = new URL(request.url ?? "/", "http://localhost").pathname
      if (path === "/health") {
        response.writeHead(200, { "Content-Type": "application/json" })
        response.end(JSON.stringify({ status: "ok", endpoints: endpoints.map((e) => e.name) }))
        return
      }
      if (path === "/") {
        response.writeHead(200, { "Content-Type": "application/json" })
        response.end(
          JSON.stringify({ endpoints: endpoints.map(({ name, paths }) => ({ name, paths })) }),
        )
        return
      }
      response.writeHead(404, { "Content-Type": "application/json" })
      response.end(JSON.stringify({ error: `No route for ${request.method} ${path}.` }))
    } catch (error) {
      console.error("demo-server: request failed", error)
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "application/json" })
      response.end(JSON.stringify({ error: "The demo server failed to answer; see its log." }))
    }
  })

  server.on("upgrade", (request, socket, head) => {
    const refused = policy.refuseUpgrade(request)
    if (refused) {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refused}`,
      )
      return
    }
    for (const endpoint of endpoints) {
      if (endpoint.handleUpgrade?.(request, socket, head)) return
    }
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n")
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = options.host ?? "127.0.0.1"

  return {
    url: `http://${host}:${port}`,
    port,
    endpoints,
    async close() {
      await Promise.all(endpoints.map((endpoint) => endpoint.close?.()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
