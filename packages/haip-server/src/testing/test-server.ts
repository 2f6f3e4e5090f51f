import { createServer, type Server, Socket } from "node:net"
import { HAIPServer, type HAIPServerOptions } from "../server.js"
import type { HAIPTool } from "../tool.js"
import { ScriptTool } from "./script-tool.js"

/** A running server and the URLs to reach it. */
export interface TestServer {
  server: HAIPServer
  port: number
  /** `ws://127.0.0.1:<port>` */
  url: string
  /** `http://127.0.0.1:<port>` (HTTP streaming and SSE transports, `/health`). */
  httpUrl: string
  close(): Promise<void>
}

/** Options of {@link startTestServer}: the server's own, and the tools to register. */
export type TestServerOptions = HAIPServerOptions & {
  /** Tools to register (default: one {@link ScriptTool}). */
  tools?: HAIPTool[]
}

/**
 * Starts a server on 127.0.0.1 (port 0 unless given, no heartbeat) that accepts the tokens
 * "Bearer TOKEN" and "TOKEN" (user `user-1`, every permission) and refuses any other.
 */
export async function startTestServer(
  options: TestServerOptions = {},
  port = 0,
): Promise<TestServer> {
  const { tools = [new ScriptTool()], ...serverOptions } = options
  const server = new HAIPServer({ port, host: "127.0.0.1", heartbeatInterval: 0, ...serverOptions })
  server.authenticate((request: { token?: string }) =>
    request.token === "Bearer TOKEN" || request.token === "TOKEN"
      ? { id: "user-1", permissions: { "*": ["*"] }, credits: 1000 }
      : null,
  )
  for (const tool of tools) server.registerTool(tool)
  await server.start()
  const actual = server.port
  return {
    server,
    port: actual,
    url: `ws://127.0.0.1:${actual}`,
    httpUrl: `http://127.0.0.1:${actual}`,
    close: () => server.stop(),
  }
}

/** A TCP proxy in front of a port; `drop()` cuts every connection through it. */
export interface TestProxy {
  port: number
  /** `ws://127.0.0.1:<port>` */
  url: string
  /** Cuts every connection through the proxy (the link drops as if the server's side died). */
  drop(): void
  close(): Promise<void>
}

/**
 * Starts a TCP proxy on 127.0.0.1 in front of `targetPort` on 127.0.0.1; given several ports,
 * each new connection goes to the next one in turn (round robin, as a load balancer would).
 */
export async function startProxy(targetPort: number | readonly number[]): Promise<TestProxy> {
  const targets = typeof targetPort === "number" ? [targetPort] : [...targetPort]
  let turn = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = new Socket()
    // Frames pass at once, as over a direct connection (Nagle would hold small writes ~40 ms).
    client.setNoDelay(true)
    upstream.setNoDelay(true)
    sockets.add(client)
    sockets.add(upstream)
    upstream.connect(targets[turn++ % targets.length]!, "127.0.0.1")
    client.pipe(upstream)
    upstream.pipe(client)
    const forget = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    for (const socket of [client, upstream]) {
      socket.on("error", forget)
      socket.on("close", forget)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : 0
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    drop() {
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** Waits until `check` gives a value other than undefined/false (polling every 5 ms), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
