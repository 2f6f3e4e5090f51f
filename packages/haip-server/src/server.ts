/**
 * `HAIPServer`: the seed's API (`authenticate`, `registerTool`, `start`) over WebSocket, NDJSON
 * and SSE, standalone or mounted in another HTTP server (`noServer` + `handleUpgrade` /
 * `handleRequest`).
 */
import { EventEmitter } from "node:events"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { Duplex } from "node:stream"
import type { HAIPServerOptions, HAIPServerStats } from "./options.js"
import { SessionRegistry } from "./registry.js"
import type { HAIPTool } from "./tool.js"
import { acceptsUpgrade, type CorsPolicy, corsPolicy } from "./transports/cors.js"
import { sendJson } from "./transports/http.js"
import { HttpRoutes } from "./transports/http-routes.js"
import { WebSocketTransport } from "./transports/websocket.js"
import type { HAIPAuthenticator } from "./types.js"

export type { HAIPServerOptions, HAIPServerStats } from "./options.js"

export class HAIPServer extends EventEmitter {
  private readonly options: HAIPServerOptions
  private readonly registry: SessionRegistry
  private readonly websocket: WebSocketTransport
  private readonly http: HttpRoutes
  private readonly cors: CorsPolicy | undefined
  private httpServer: Server | undefined
  private heartbeat: NodeJS.Timeout | undefined

  constructor(options: HAIPServerOptions = {}) {
    super()
    this.options = options
    this.cors = corsPolicy(options.enableCORS)
    const registry = new SessionRegistry(options)
    this.registry = registry
    this.websocket = new WebSocketTransport(registry.maxFrameBytes, (connection, context) =>
      registry.accept(connection, context),
    )
    this.http = new HttpRoutes(
      {
        maxFrameBytes: registry.maxFrameBytes,
        accept: (connection, context) => registry.accept(connection, context),
        linkOf: (sessionId) => registry.linkOf(sessionId),
        health: () => registry.health(),
        stats: () => registry.stats(),
      },
      {
        basePath: options.basePath ?? "",
        rootRoutes: !options.noServer,
        cors: this.cors,
      },
    )
    const interval = options.heartbeatInterval ?? 30_000
    if (interval > 0) {
      this.heartbeat = setInterval(() => registry.ping(), interval)
      this.heartbeat.unref?.()
    }
  }

  /** The registered tools, by name. */
  get tools(): ReadonlyMap<string, HAIPTool> {
    return this.registry.tools
  }

  /** Sets the callback that accepts (returns a user) or refuses (returns null) a client. */
  authenticate(authenticator: HAIPAuthenticator): this {
    this.registry.auth.authenticator = authenticator
    return this
  }

  /** Makes a tool available to `TRANSACTION_START{toolName}` under its schema's name. */
  registerTool(tool: HAIPTool): this {
    this.registry.tools.set(tool.schema().name, tool)
    return this
  }

  /** Listens on `port`/`host` (not in `noServer` mode). */
  async start(): Promise<void> {
    if (this.options.noServer) {
      throw new Error("HAIPServer: start() is not available with noServer.")
    }
    const server = createServer((request, response) => {
      this.handleRequest(request, response).then(
        (handled) => {
          if (handled) return
          sendJson(response, 404, { error: `No route for ${request.method} ${request.url}.` })
        },
        (error: unknown) => {
          this.registry.log("an HTTP request failed", error)
          if (!response.headersSent)
            sendJson(response, 500, { error: "The request failed on the server." })
          else response.end()
        },
      )
    })
    server.on("upgrade", (request, socket, head) => {
      if (!this.handleUpgrade(request, socket, head)) socket.destroy()
    })
    this.httpServer = server
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject)
      server.listen(this.options.port ?? 8080, this.options.host ?? "127.0.0.1", () => resolve())
    })
    this.registry.log(`listening on ${this.url}`)
  }

  /** The port `start()` listens on. */
  get port(): number {
    return (this.httpServer?.address() as AddressInfo | null)?.port ?? 0
  }

  /** `ws://host:port` of a started server. */
  get url(): string {
    return `ws://${this.options.host ?? "127.0.0.1"}:${this.port}`
  }

  /** Closes every connection, ends every session and, when started, the HTTP server. */
  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.registry.closeAll()
    this.websocket.close()
    const server = this.httpServer
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }

  /**
   * Takes a WebSocket upgrade (any path, or `basePath` and below when set); `true` when taken.
   * Where `enableCORS` lists origins, a browser page elsewhere is answered 403 (taken too).
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const base = this.options.basePath
    if (base) {
      const path = new URL(request.url ?? "/", "http://localhost").pathname
      if (path !== base && !path.startsWith(`${base}/`)) return false
    }
    if (!acceptsUpgrade(this.cors, request.headers.origin)) {
      const body = "This origin may not connect: it is not in the server's enableCORS.origins.\n"
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      )
      return true
    }
    this.websocket.upgrade(request, socket, head)
    return true
  }

  /** Answers `/health`, `/stats` and the HTTP transports; resolves `false` for other paths. */
  handleRequest(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    return this.http.handle(request, response)
  }

  /** Counts and sessions, as `GET /stats` answers. */
  getStats(): HAIPServerStats {
    return this.registry.stats()
  }
}
