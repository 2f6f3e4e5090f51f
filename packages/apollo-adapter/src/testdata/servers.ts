/**
 * Real servers on loopback for the adapter's tests: the demo server (its GraphQL endpoint),
 * a proxy in front of it that fails on purpose, and a recorder of the operations sent.
 */
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { createGraphqlEndpoint } from "@aichatkit/demo-server/graphql"
import type { ChatEvent } from "@aichatkit/types"
import type { WebSocketServer } from "ws"
import type { ApolloAdapter } from "../apollo-adapter.js"

/** The demo server's GraphQL endpoint, with its URLs and its WebSocket server. */
export interface DemoGraphql {
  httpUrl: string
  wsUrl: string
  webSocketServer: WebSocketServer
  close(): Promise<void>
}

/**
 * Mounts the demo server's GraphQL endpoint (the scripted agent) on a server of its own, the
 * way `createDemoServer` mounts it, without the other wires.
 */
export async function startDemo(tokenDelayMs = 1): Promise<DemoGraphql> {
  const endpoint = createGraphqlEndpoint({ tokenDelayMs })
  const server = createServer(async (request, response) => {
    if (!(await endpoint.handleRequest?.(request, response))) response.writeHead(404).end()
  })
  server.on("upgrade", (request, socket, head) => {
    if (!endpoint.handleUpgrade?.(request, socket, head)) socket.destroy()
  })
  const url = await listen(server)
  let closing: Promise<void> | undefined
  return {
    httpUrl: `${url}/graphql`,
    wsUrl: `${url.replace(/^http/, "ws")}/graphql`,
    webSocketServer: endpoint.webSocketServer,
    close: () => {
      closing ??= (async () => {
        await endpoint.close?.()
        await closeServer(server)
      })()
      return closing
    },
  }
}

/** Listens on 127.0.0.1, a free port; resolves with the base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** How the proxy fails a request: an HTTP 503, or a connection dropped without an answer. */
export type Failure = "503" | "drop"

/**
 * An HTTP proxy to `target` that fails the first `failures` requests, counting every
 * request it receives.
 */
export async function startFlakyProxy(
  target: string,
  failures: number,
  how: Failure,
): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0
  const server = createServer(async (request, response) => {
    requests += 1
    const body = await bodyOf(request)
    if (requests <= failures) {
      if (how === "drop") {
        request.socket.destroy()
        return
      }
      response.writeHead(503, { "Content-Type": "text/plain" }).end("Service Unavailable")
      return
    }
    const headers: Record<string, string> = {}
    for (const name of ["content-type", "accept", "authorization"]) {
      const value = request.headers[name]
      if (typeof value === "string") headers[name] = value
    }
    const upstream = await fetch(target, {
      method: request.method ?? "POST",
      headers,
      body: new Uint8Array(body),
    })
    response.writeHead(upstream.status, {
      "Content-Type": upstream.headers.get("content-type") ?? "application/json",
    })
    response.end(Buffer.from(await upstream.arrayBuffer()))
  })
  const url = await listen(server)
  return { url, requests: () => requests, close: () => closeServer(server) }
}

/** A `fetch` that records the operation name of every request it sends. */
export function recordingFetch(): { fetch: typeof fetch; operations: string[] } {
  const operations: string[] = []
  const recording: typeof fetch = (input, init) => {
    if (typeof init?.body === "string") {
      const { operationName } = JSON.parse(init.body) as { operationName?: string }
      operations.push(operationName ?? "?")
    }
    return fetch(input, init)
  }
  return { fetch: recording, operations }
}

/** Keeps the events an adapter emits for one agent (and adapter-wide ones). */
export function recordEvents(adapter: ApolloAdapter, agentId: string): ChatEvent[] {
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  return events
}

/** Resolves once `check` holds, polling; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("the condition never held")
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
