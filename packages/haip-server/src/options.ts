/** The options of `HAIPServer` and what `GET /stats` answers. */
import type { SessionStore } from "./session-store.js"
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
  /** Refuse JWTs without an `exp` claim (default true: a token that never expires is refused). */
  jwtRequireExpiry?: boolean
  /** When set, a JWT's `iss` must be this (or one of these). */
  jwtIssuer?: string | string[]
  /** When set, a JWT's `aud` must name this (or one of these). */
  jwtAudience?: string | string[]
  /**
   * CORS headers on HTTP answers: `true` allows any origin (as the seed's example); `{ origins:
   * ["https://app.example.com"] }` allows those only, and refuses WebSocket upgrades from pages
   * elsewhere (403; clients that send no `Origin` are not affected).
   */
  enableCORS?: boolean | { origins: readonly string[] }
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
  /** Connections at once; more are refused with ERROR RATE_LIMITED and close 1013 (default 1000). */
  maxConnections?: number
  /**
   * Sessions kept at once, attached or waiting for a resume (default 1000). At the cap, the
   * session whose connection left longest ago is evicted; with none left, connections are refused.
   */
  maxSessions?: number
  /** Bytes one transaction keeps as history for tools (default 4 MiB); the oldest go first. */
  maxTransactionHistoryBytes?: number
  /** Bytes one session keeps: replay window plus histories (default 16 MiB); the oldest go first. */
  maxSessionBytes?: number
  /** Bytes all sessions keep together (default 256 MiB); departed sessions give theirs up first. */
  maxServerBytes?: number
  /**
   * Bytes waiting in a connection's socket above which the server stops sending to it and stops
   * reading from it until it drains (default 4 MiB).
   */
  sendHighWaterBytes?: number
  /** How long a connection may stay over `sendHighWaterBytes` before it is closed (default 30 s). */
  sendStallTimeoutMs?: number
  /** REPLAY_REQUESTs a connection may send per minute (default 60; a burst of 10 at most). */
  replayRequestsPerMinute?: number
  /**
   * Where sessions and replay windows are kept (default: this process's memory). A shared
   * store (`redisStore` from `@aichatkit/haip-server/redis`) lets clients resume on any
   * instance. The server does not close it: close it after `stop()`.
   */
  store?: SessionStore
  [seedOption: string]: unknown
}

/** What `GET /stats` answers. */
export interface HAIPServerStats {
  totalConnections: number
  activeConnections: number
  sessions: number
  /** Bytes kept in replay windows and histories, counted against `maxServerBytes`. */
  keptBytes: number
  messagesReceived: number
  messagesSent: number
  uptime: number
}
