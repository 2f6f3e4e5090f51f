/** The options of `HAIPServer` and what `GET /stats` answers. */
import type { FlowControlConfig } from "./types.js"

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
