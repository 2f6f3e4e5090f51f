/**
 * The HAIP wire types, named as the reference `haip` package names them, so code written
 * against `@haip/server` compiles against this package with only its import path changed.
 */

/**
 * A logical stream inside a session: the spec's five, or any name matching
 * `^[A-Za-z0-9_-]{1,128}$` (the spec allows custom channels).
 */
export type HAIPChannel = "USER" | "AGENT" | "SYSTEM" | "AUDIO_IN" | "AUDIO_OUT" | (string & {})

/** Every channel, for validation. */
export const HAIP_CHANNELS: readonly HAIPChannel[] = [
  "USER",
  "AGENT",
  "SYSTEM",
  "AUDIO_IN",
  "AUDIO_OUT",
]

/** Every event type of both HAIP 1.1.2 generations (the spec's and the reference server's). */
export const HAIPEventType = {
  HAI: "HAI",
  PING: "PING",
  PONG: "PONG",
  ERROR: "ERROR",
  INFO: "INFO",
  FLOW_UPDATE: "FLOW_UPDATE",
  PAUSE_CHANNEL: "PAUSE_CHANNEL",
  RESUME_CHANNEL: "RESUME_CHANNEL",
  REPLAY_REQUEST: "REPLAY_REQUEST",
  TRANSACTION_START: "TRANSACTION_START",
  TRANSACTION_END: "TRANSACTION_END",
  TRANSACTION_JOIN: "TRANSACTION_JOIN",
  RUN_STARTED: "RUN_STARTED",
  RUN_FINISHED: "RUN_FINISHED",
  RUN_CANCEL: "RUN_CANCEL",
  RUN_ERROR: "RUN_ERROR",
  MESSAGE: "MESSAGE",
  MESSAGE_START: "MESSAGE_START",
  MESSAGE_PART: "MESSAGE_PART",
  MESSAGE_END: "MESSAGE_END",
  MESSAGE_UPDATE: "MESSAGE_UPDATE",
  AUDIO: "AUDIO",
  AUDIO_CHUNK: "AUDIO_CHUNK",
  TOOL_LIST: "TOOL_LIST",
  TOOL_SCHEMA: "TOOL_SCHEMA",
  TOOL_CALL: "TOOL_CALL",
  TOOL_UPDATE: "TOOL_UPDATE",
  TOOL_DONE: "TOOL_DONE",
  TOOL_CANCEL: "TOOL_CANCEL",
} as const

/** The `type` of a HAIP frame. */
export type HAIPEventType = (typeof HAIPEventType)[keyof typeof HAIPEventType]

/** Error codes the server sends in `ERROR` frames (the spec's, the docs' and the reference's). */
export type HAIPErrorCode =
  | "PROTOCOL_VIOLATION"
  | "SEQ_VIOLATION"
  | "FLOW_CONTROL_VIOLATION"
  | "VERSION_INCOMPATIBLE"
  | "RUN_LIMIT_EXCEEDED"
  | "REPLAY_TOO_OLD"
  | "UNSUPPORTED_TYPE"
  | "RESUME_FAILED"
  | "AUTHENTICATION_FAILED"
  | "TOOL_EXECUTION_ERROR"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "TRANSACTION_NOT_FOUND"
  | "TOOL_NOT_FOUND"

/** One HAIP frame: the envelope and its payload. */
export interface HAIPMessage {
  id: string
  /** The transaction id, or the string "null" when the frame belongs to none. */
  transaction: string
  session: string
  /** Decimal string; our server counts from "1" per session (HAI frames carry "0"). */
  seq: string
  /** Cumulative: the highest peer seq received. */
  ack?: string
  /** Epoch milliseconds, as a string. */
  ts: string
  channel: HAIPChannel
  type: HAIPEventType
  /** An object, or the raw value for `MESSAGE` (a string for a text tool). */
  // biome-ignore lint/suspicious/noExplicitAny: the reference types it `any`; user code reads `.length` on it
  payload: any
  run_id?: string
  thread_id?: string
  related_id?: string
  pv?: number
  crit?: boolean
  bin_len?: number
  bin_mime?: string
}

/** What a tool says about itself. */
export interface HAIPToolSchema {
  name: string
  description: string
  inputSchema: Record<string, unknown>
  outputSchema?: Record<string, unknown>
}

/** How a run ended on the wire. */
export type HAIPRunStatus = "OK" | "CANCELLED" | "ERROR"

/** A running tool call's state on the wire. */
export type HAIPToolUpdateStatus = "QUEUED" | "RUNNING" | "CANCELLING"

/** Credits one side grants the other, per channel (the HAI `capabilities.flow_control`). */
export interface HAIPFlowControlGrant {
  initial_credit_messages: number
  initial_credit_bytes: number
}

/** The HAI payload. */
export interface HAIPHandshakePayload {
  haip_version: string
  accept_major: number[]
  accept_events: HAIPEventType[]
  capabilities?: {
    binary_frames?: boolean
    flow_control?: HAIPFlowControlGrant
    max_concurrent_runs?: number
    resume?: boolean
    run_events?: boolean
  }
  session?: string
  last_rx_seq?: string
  auth?: Record<string, unknown>
}

/** Flow-control settings of the seed's example (only `enabled` and the initial grants matter here). */
export interface FlowControlConfig {
  enabled?: boolean
  /** Messages per channel granted to each client in our HAI (default 1000). */
  initialCreditMessages?: number
  /** Bytes per channel granted to each client in our HAI (default 1 MiB). */
  initialCreditBytes?: number
  initialCredits?: number
  minCredits?: number
  maxCredits?: number
  creditThreshold?: number
  backPressureThreshold?: number
  adaptiveAdjustment?: boolean
}

/** The object `authenticate(fn)` receives: the client HAI's `payload.auth`, plus `token`. */
export interface HAIPAuthRequest {
  /** The token as sent ("Bearer TOKEN" in the reference form), from whichever place held it. */
  token?: string
  [key: string]: unknown
}

/** A user accepted by `authenticate` (or by a verified JWT). */
export interface HAIPUser {
  id: string
  permissions?: Record<string, string[]>
  credits?: number
  [key: string]: unknown
}

/** The authenticate callback: a user to accept, `null`/`undefined` to refuse. */
export type HAIPAuthenticator = (
  request: HAIPAuthRequest,
) => HAIPUser | null | undefined | Promise<HAIPUser | null | undefined>

/** A session as tools see it. */
export interface HAIPSessionInfo {
  readonly id: string
  readonly user: HAIPUser | undefined
}

/** A transaction as tools see it. */
export interface HAIPTransactionInfo {
  readonly id: string
  readonly toolName: string
  readonly params: Record<string, unknown>
  /** The transaction's frames so far, oldest first (messages both ways; the current one excluded). */
  getReplayWindow(): HAIPMessage[]
}

/** A frame a tool sends; the server fills in the envelope. */
export interface HAIPOutgoingFrame {
  type: HAIPEventType
  payload: unknown
  channel?: HAIPChannel
  run_id?: string
  related_id?: string
}

/**
 * The first argument of `HAIPTool.handleMessage`: one turn of one transaction of one session.
 * `signal` aborts when the client cancels the run (`RUN_CANCEL`), ends the transaction or the
 * session expires.
 */
export interface HAIPSessionTransaction {
  readonly session: HAIPSessionInfo
  readonly transaction: HAIPTransactionInfo
  /** The run this turn is (the envelope `run_id` of its frames). */
  readonly runId: string
  readonly signal: AbortSignal
  /** Sends a frame inside this turn's transaction and run. Dropped once the run has finished. */
  send(frame: HAIPOutgoingFrame): void
  /** A signal aborted when the client sends `TOOL_CANCEL` for this call (or the run ends). */
  toolSignal(callId: string): AbortSignal
  /** Ends the run now with this status; later frames of the turn are dropped. */
  finish(status: HAIPRunStatus, summary?: string): void
  /** Whether the run has finished (by `finish`, cancel grace, or the handler settling). */
  readonly finished: boolean
  /**
   * Resolves when the session's send queue has room (`maxQueuedFrames`), at once when it has;
   * await it between frames of a long stream so a slow or paused client slows the producer
   * instead of filling memory. Resolves too when the run is cancelled or finished.
   */
  whenWritable(): Promise<void>
}
