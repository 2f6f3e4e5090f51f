/**
 * The client's types. The wire's own (the frame envelope, event types, channels) are declared
 * once in `@aichatkit/haip-wire`, shared with the server, and re-exported here.
 */
import type {
  HAIPChannel,
  HAIPEventType,
  HAIPFrame,
  HAIPPayload,
  HAIPRunStatus,
} from "@aichatkit/haip-wire"

export {
  HAIP_CHANNELS,
  HAIP_EVENT_TYPES,
  HAIP_VERSION,
  type HAIPChannel,
  HAIPEventType,
  type HAIPFile,
  type HAIPPayload,
  type HAIPRunStatus,
  type HAIPToolUpdateStatus,
  toHAIPFile,
} from "@aichatkit/haip-wire"

/** One HAIP frame, exactly as it travels; "no transaction" is `null` (the wire's "null"). */
export type HAIPMessage = HAIPFrame<string | null>

/** What callers give to `sendMessage`: the type and payload, plus any envelope fields. */
export interface HAIPOutgoingMessage {
  type: HAIPEventType
  payload?: HAIPPayload
  channel?: HAIPChannel
  transaction?: string | null
  run_id?: string
  thread_id?: string
  /** The seed's SDK form: envelope fields nested (`{ envelope: { run_id } }`). */
  envelope?: { run_id?: string; thread_id?: string; channel?: HAIPChannel; transaction?: string }
  bin_len?: number
  bin_mime?: string
}

/** Options of one `sendMessage` call. */
export interface HAIPMessageOptions {
  /** Skip flow-control credit accounting for this frame (control frames never count). */
  bypassFlowControl?: boolean
}

/** The transports a client can use. */
export type HAIPTransportKind = "websocket" | "sse" | "http-streaming"

/** What `authenticate(fn)` returns: sent as the HAI's `payload.auth`. */
export interface HAIPAuth {
  /** The bearer token, e.g. `"Bearer TOKEN"` (the reference form) or a bare JWT. */
  token?: string
  [key: string]: unknown
}

/** Configuration of {@link createHAIPClient}; the seed's options plus a few of ours. */
export interface HAIPClientConfig {
  /** `ws://` / `wss://` for WebSocket, `http(s)://` for the HTTP transports (either works). */
  url: string
  /** Bearer token (JWT or the reference's `"Bearer TOKEN"`), sent in the HAI's `payload.auth`. */
  token?: string
  /** Default `"websocket"`. */
  transport?: HAIPTransportKind
  /** The credits this client grants the server per channel (defaults 1000 messages, 4 MiB). */
  flowControl?: { initialCredits?: number; initialCreditBytes?: number }
  /** Runs this client starts at once at most (default 10). */
  maxConcurrentRuns?: number
  /** Reconnect attempts after a drop before giving up (default 5; 0 disables reconnecting). */
  maxReconnectAttempts?: number
  /** First reconnect delay in ms, doubled each attempt, with jitter (default 1000). */
  reconnectDelay?: number
  /** Upper bound of the reconnect delay in ms (default 30000). */
  maxReconnectDelay?: number
  /** Ping interval in ms; two intervals without a frame from the server mean a dead link (default 30000; 0 disables). */
  heartbeatInterval?: number
  /** How long `connect()` waits for the handshake, in ms (default 10000). */
  handshakeTimeout?: number
  /** How long to wait for a missing seq before sending REPLAY_REQUEST, in ms (default 500). */
  replayGapDelay?: number
  /** Send a lone ack after this many unacknowledged frames (default 64) or one second. */
  ackEvery?: number
  /** Frames larger than this are refused before sending, in bytes (default 1 MiB). */
  maxFrameBytes?: number
  /** Extra HTTP headers for the HTTP transports and Node's WebSocket (ignored by browsers' WebSocket). */
  headers?: Record<string, string>
}

/** Where the connection stands (the seed's shape). */
export interface HAIPConnectionState {
  connected: boolean
  handshakeCompleted: boolean
  sessionId: string
  lastAck: string
  reconnectAttempts: number
  /** Message credits the server granted this client, per channel (`Infinity` without flow control). */
  credits: Map<HAIPChannel, number>
  byteCredits: Map<HAIPChannel, number>
}

/** Counters since the client was created (the seed's shape). */
export interface HAIPPerformanceMetrics {
  messagesSent: number
  messagesReceived: number
  bytesSent: number
  bytesReceived: number
  /** Milliseconds the last successful handshake took. */
  connectionTime: number
  lastUpdated: number
}

/** A run this client knows about (started by either side). */
export interface HAIPRun {
  runId: string
  threadId?: string
  status: "ACTIVE" | HAIPRunStatus
  startTime: number
  endTime?: number
  metadata?: Record<string, unknown>
  summary?: string
}

/** What the server's HAI announced. */
export interface HAIPServerInfo {
  session: string
  haipVersion: string
  acceptEvents: string[]
  /** The server's seq is a per-session counter and it keeps a replay window. */
  resume: boolean
  /** The server wraps each turn in RUN_STARTED / RUN_FINISHED. */
  runEvents: boolean
  /** The server takes raw binary frames after a `bin_len` envelope (else audio goes base64 in the payload). */
  binaryFrames: boolean
  /**
   * The server answers a transaction's last message again on request (ours, not in the spec:
   * its HAI's `capabilities.regenerate_last`; see {@link HAIPTransaction.regenerate}).
   */
  regenerateLast: boolean
  /**
   * "reference" when its `accept_events` list none of the spec's run, streaming, audio or tool
   * types (the reference server's generation): its credits are not waited for.
   */
  generation: "spec" | "reference"
  /** The credits the server grants, or undefined when it does no flow control. */
  flowControl?: { initialCreditMessages: number; initialCreditBytes: number }
  maxConcurrentRuns?: number
  payload: Record<string, unknown>
}
