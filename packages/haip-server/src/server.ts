/**
 * `HAIPServer`: the seed's API (`authenticate`, `registerTool`, `start`) over WebSocket, NDJSON
 * and SSE, standalone or mounted in another HTTP server (`noServer` + `handleUpgrade` /
 * `handleRequest`).
 */

import { randomUUID } from "node:crypto"
import { EventEmitter } from "node:events"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { Duplex } from "node:stream"
import type { AuthSettings } from "./auth.js"
import { Link, type LinkHost } from "./link.js"
import { Session } from "./session.js"
import type { HAIPTool } from "./tool.js"
import type { Connection, ConnectionContext } from "./transports/connection.js"
import { sendJson } from "./transports/http.js"
import { HttpRoutes, type LinkHandle } from "./transports/http-routes.js"
import { WebSocketTransport } from "./transports/websocket.js"
import { type FlowControlConfig, type HAIPAuthenticator, HAIPEventType } from "./types.js"

/** Options of {@link HAIPServer} (the seed's, plus what the spec needs). */
export interface HAIPServerOptions {
  /** Port for `start()` (default 8080; 0 picks a free one). */
  port?: number
  /** Host for `start()` (default "127.0.0.1"). */
  host?: string
  /** Mount in another HTTP server: call `handleUpgrade` / `handleRequest` from it. */
  noServer?: boolean
  /** Path prefix: WebSocket upgrades only there, HTTP transports at `<basePath>/stream|sse|messages`. */
  basePath?: string
  /** HS256 secret: tokens that `authenticate` did not accept are verified as JWTs. */
  jwtSecret?: string
  /** Adds CORS headers (any origin) to HTTP answers. */
  enableCORS?: boolean
  /** Logs connections and problems to the console. */
  enableLogging?: boolean
  /** Credits granted to clients; `enabled: false` announces none and enforces none. */
  flowControl?: FlowControlConfig
  /** "server-first" (default: HAI on connect, as the reference) or "client-first" (as the spec). */
  handshake?: "server-first" | "client-first"
  /** Largest frame accepted, in bytes (default 1 MiB). */
  maxFrameBytes?: number
  /** Frames per second per connection before RATE_LIMITED (default 2000; 0: no limit). */
  rateLimit?: number
  /** Runs active at once per session (default 10). */
  maxConcurrentRuns?: number
  /** Server PING interval in ms (default 30 s; 0: none). A PING unanswered by the next one closes. */
  heartbeatInterval?: number
  /** How long a session outlives its connection, for resume (default 5 minutes). */
  sessionTtlMs?: number
  /** Frames always kept for replay (default 1000). */
  replayWindowSize?: number
  /** Frames younger than this (ms) are kept for replay too (default 5 minutes). */
  replayWindowTime?: number
  /** After RUN_CANCEL, ms the handler has to wind down before RUN_FINISHED CANCELLED goes (default 2000). */
  cancelGraceMs?: number
  /** How long a connection may take to send HAI (default 10 s). */
  handshakeTimeoutMs?: number
  /** Delay before consumed credits below the half-window mark are granted back (default 50 ms). */
  flowGrantDelayMs?: number
  /** Frames queued per session above which `client.whenWritable()` waits (default 1000). */
  maxQueuedFrames?: number
  /** Connections at once; more are refused with ERROR and close 1013 (default: no limit). */
  maxConnections?: number
  [seedOption: string]: unknown
}

/** What `GET /stats` answers. */
export interface HAIPServerStats {
  totalConnections: number
  activeConnections: number
  sessions: number
  messagesReceived: number
  messagesSent: number
  uptime: number
}

export class HAIPServer extends EventEmitter implements LinkHost {
  readonly tools = new Map<string, HAIPTool>()
  readonly serverFirst: boolean
  readonly maxFrameBytes: number
  readonly rateLimit: number
  readonly maxConcurrentRuns: number
  readonly cancelGraceMs: number
  readonly handshakeTimeoutMs: number
  readonly flowGrantDelayMs: number
  readonly auth: AuthSettings
  private readonly options: HAIPServerOptions
  private readonly sessions = new Map<string, Session>()
  private readonly links = new Map<string, Link>()
  private readonly allLinks = new Set<Link>()
  private readonly websocket: WebSocketTransport
  private readonly http: HttpRoutes
  private readonly startedAt = Date.now()
  private readonly counters = { connections: 0, received: 0, sent: 0 }
  private httpServer: Server | undefined
  private heartbeat: NodeJS.Timeout | undefined

  constructor(options: HAIPServerOptions = {}) {
    super()
    this.options = options
    this.serverFirst = options.handshake !== "client-first"
    this.maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024
    this.rateLimit = options.rateLimit ?? 2000
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? 10
    this.cancelGraceMs = options.cancelGraceMs ?? 2000
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000
    this.flowGrantDelayMs = options.flowGrantDelayMs ?? 50
    this.auth = { authenticator: undefined, jwtSecret: options.jwtSecret }
    this.websocket = new WebSocketTransport(this.maxFrameBytes, (connection, context) =>
      this.accept(connection, context),
    )
    this.http = new HttpRoutes(
      {
        maxFrameBytes: this.maxFrameBytes,
        accept: (connection, context) => this.accept(connection, context),
        linkOf: (sessionId) => this.links.get(sessionId),
        health: () => ({
          status: "ok",
          version: "1.1.2",
          sessions: this.sessions.size,
          uptime: Date.now() - this.startedAt,
        }),
        stats: () => this.getStats(),
      },
      {
        basePath: options.basePath ?? "",
        rootRoutes: !options.noServer,
        enableCORS: options.enableCORS === true,
      },
    )
    const interval = options.heartbeatInterval ?? 30_000
    if (interval > 0) {
      this.heartbeat = setInterval(() => this.ping(), interval)
      this.heartbeat.unref?.()
    }
  }

  /** Sets the callback that accepts (returns a user) or refuses (returns null) a client. */
  authenticate(authenticator: HAIPAuthenticator): this {
    this.auth.authenticator = authenticator
    return this
  }

  /** Makes a tool available to `TRANSACTION_START{toolName}` under its schema's name. */
  registerTool(tool: HAIPTool): this {
    this.tools.set(tool.schema().name, tool)
    return this
  }

  /** Listens on `port`/`host` (not in `noServer` mode). */
  async start(): Promise<void> {
    if (this.options.noServer)
      throw new Error("HAIPServer: start() is not available with noServer.")
    const server = createServer((request, response) => {
      this.handleRequest(request, response).then((handled) => {
        if (!handled)
          sendJson(response, 404, { error: `No route for ${request.method} ${request.url}.` })
      })
    })
    server.on("upgrade", (request, socket, head) => {
      if (!this.handleUpgrade(request, socket, head)) socket.destroy()
    })
    this.httpServer = server
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject)
      server.listen(this.options.port ?? 8080, this.options.host ?? "127.0.0.1", () => resolve())
    })
    this.log(`listening on ${this.url}`)
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
    for (const link of [...this.allLinks]) link.connection.close(1001, "server stopping")
    for (const link of [...this.allLinks]) link.closed()
    for (const session of this.sessions.values()) session.dispose()
    this.sessions.clear()
    this.websocket.close()
    const server = this.httpServer
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }

  /** Takes a WebSocket upgrade (any path, or `basePath` and below when set); `true` when taken. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const base = this.options.basePath
    if (base) {
      const path = new URL(request.url ?? "/", "http://localhost").pathname
      if (path !== base && !path.startsWith(`${base}/`)) return false
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
    return {
      totalConnections: this.counters.connections,
      activeConnections: this.allLinks.size,
      sessions: this.sessions.size,
      messagesReceived: this.counters.received,
      messagesSent: this.counters.sent,
      uptime: Date.now() - this.startedAt,
    }
  }

  private accept(connection: Connection, context: ConnectionContext): LinkHandle {
    const limit = this.options.maxConnections
    if (limit !== undefined && this.allLinks.size >= limit) {
      const message = `The server is at its limit of ${limit} connections; try again later.`
      connection.send(
        JSON.stringify({
          id: randomUUID(),
          transaction: "null",
          session: "",
          seq: "0",
          ts: String(Date.now()),
          channel: "SYSTEM",
          type: "ERROR",
          payload: { code: "RATE_LIMITED", message },
        }),
        "0",
      )
      connection.close(1013, "RATE_LIMITED")
      return { receive() {}, receiveBinary() {}, closed() {}, fatal() {} }
    }
    this.counters.connections += 1
    const link = new Link(this, connection, context)
    this.allLinks.add(link)
    this.log(`${connection.transport} connection opened`)
    return link
  }

  // LinkHost

  createSession(): Session {
    const flow = this.options.flowControl
    const session = new Session({
      replayWindow: {
        minFrames: this.options.replayWindowSize ?? 1000,
        maxAgeMs: this.options.replayWindowTime ?? 5 * 60_000,
      },
      inboundGrant:
        flow?.enabled === false
          ? undefined
          : {
              initial_credit_messages: flow?.initialCreditMessages ?? 1000,
              initial_credit_bytes: flow?.initialCreditBytes ?? 1024 * 1024,
            },
      grantThreshold: flow?.creditThreshold,
      maxQueuedFrames: this.options.maxQueuedFrames ?? 1000,
      onUnencodable: (target, frame, reason) => {
        this.log(`a ${frame.type} frame could not be encoded: ${reason}`)
        target.sendControl({
          type: "ERROR",
          channel: "SYSTEM",
          payload: {
            code: "TOOL_EXECUTION_ERROR",
            message: `The tool sent a ${frame.type} whose payload is not JSON (${reason}); it was dropped.`,
          },
          ...(frame.transaction === undefined ? {} : { transaction: frame.transaction }),
          ...(frame.run_id === undefined ? {} : { run_id: frame.run_id }),
        })
      },
      onSent: () => {
        this.counters.sent += 1
      },
    })
    this.sessions.set(session.id, session)
    return session
  }

  findSession(id: string): Session | undefined {
    return this.sessions.get(id)
  }

  register(session: Session, link: Link): void {
    if (session.expiryTimer) clearTimeout(session.expiryTimer)
    session.expiryTimer = undefined
    const previous = this.links.get(session.id)
    this.links.set(session.id, link)
    if (previous && previous !== link) {
      // The client resumed on a new connection: the old one (probably half-open) goes.
      session.detach(previous)
      previous.session = undefined
      previous.connection.close(1000, "session resumed on another connection")
      previous.closed()
    }
  }

  linkClosed(link: Link): void {
    this.allLinks.delete(link)
  }

  release(session: Session, link: Link): void {
    if (this.links.get(session.id) !== link) return
    this.links.delete(session.id)
    if (!session.authenticated) {
      session.dispose()
      this.sessions.delete(session.id)
      return
    }
    session.expiryTimer = setTimeout(
      () => {
        this.log(`session ${session.id} expired`)
        session.dispose()
        this.sessions.delete(session.id)
      },
      this.options.sessionTtlMs ?? 5 * 60_000,
    )
    session.expiryTimer.unref?.()
  }

  helloPayload(session: Session, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const flow = this.options.flowControl
    const capabilities: Record<string, unknown> = {
      binary_frames: false,
      max_concurrent_runs: this.maxConcurrentRuns,
      resume: true,
      run_events: true,
    }
    if (flow?.enabled !== false) {
      capabilities.flow_control = {
        initial_credit_messages: flow?.initialCreditMessages ?? 1000,
        initial_credit_bytes: flow?.initialCreditBytes ?? 1024 * 1024,
      }
    }
    return {
      haip_version: "1.1.2",
      accept_major: [1],
      accept_events: Object.values(HAIPEventType),
      capabilities,
      session: session.id,
      ...extra,
    }
  }

  countReceived(): void {
    this.counters.received += 1
  }

  log(message: string, detail?: unknown): void {
    if (!this.options.enableLogging) return
    if (detail === undefined) console.log(`[haip] ${message}`)
    else console.log(`[haip] ${message}`, detail)
  }

  private ping(): void {
    for (const link of this.allLinks) {
      if (!link.isOpen || !link.session) continue
      if (link.awaitingPong !== undefined) {
        this.log("a connection missed its PONG; closing it")
        link.connection.close(1001, "heartbeat timeout")
        link.closed()
        continue
      }
      const nonce = randomUUID()
      link.awaitingPong = nonce
      link.session.sendControl({ type: "PING", channel: "SYSTEM", payload: { nonce } })
    }
  }
}
