/**
 * The HAIP 1.1.2 wire vocabulary, declared once for both sides: `@aichatkit/haip-client` and
 * `@aichatkit/haip-server` import it and re-export what their users need. One JSON object per
 * frame with a flat, snake_case envelope (`id`, `transaction`, `session`, `seq`, `ack`, `ts`,
 * `channel`, `type`, `payload`), named as the reference `haip` package names them.
 */

/** The protocol version both generations announce. */
export const HAIP_VERSION = "1.1.2"

/** The spec's five channels, in a fixed order. */
export const HAIP_CHANNELS = ["USER", "AGENT", "SYSTEM", "AUDIO_IN", "AUDIO_OUT"] as const

/**
 * A logical stream inside a session: one of {@link HAIP_CHANNELS}, or any name matching
 * `^[A-Za-z0-9_-]{1,128}$` (the spec allows custom channels).
 */
export type HAIPChannel = (typeof HAIP_CHANNELS)[number] | (string & {})

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

/**
 * Every event type once, in the order the client announces them in its HAI's `accept_events`
 * (session control, runs, messages, audio, tools, transactions).
 */
export const HAIP_EVENT_TYPES: readonly HAIPEventType[] = [
  "HAI",
  "PING",
  "PONG",
  "ERROR",
  "FLOW_UPDATE",
  "PAUSE_CHANNEL",
  "RESUME_CHANNEL",
  "REPLAY_REQUEST",
  "RUN_STARTED",
  "RUN_FINISHED",
  "RUN_CANCEL",
  "RUN_ERROR",
  "MESSAGE",
  "MESSAGE_START",
  "MESSAGE_PART",
  "MESSAGE_END",
  "MESSAGE_UPDATE",
  "AUDIO",
  "AUDIO_CHUNK",
  "INFO",
  "TOOL_LIST",
  "TOOL_SCHEMA",
  "TOOL_CALL",
  "TOOL_UPDATE",
  "TOOL_DONE",
  "TOOL_CANCEL",
  "TRANSACTION_START",
  "TRANSACTION_END",
  "TRANSACTION_JOIN",
]

/**
 * The data frame types: the rest are control frames. Both sides count a data frame against the
 * receiver's credits when it travels off the SYSTEM channel ({@link consumesCredit}), and the
 * server keeps the data frames of a transaction as its history.
 */
export const HAIP_DATA_TYPES: ReadonlySet<string> = new Set<HAIPEventType>([
  "MESSAGE",
  "MESSAGE_START",
  "MESSAGE_PART",
  "MESSAGE_END",
  "MESSAGE_UPDATE",
  "TOOL_CALL",
  "TOOL_UPDATE",
  "TOOL_DONE",
  "TOOL_CANCEL",
  "TOOL_LIST",
  "TOOL_SCHEMA",
  "AUDIO",
  "AUDIO_CHUNK",
])

/** Whether a frame counts against the receiver's flow-control credits: data off the SYSTEM channel. */
export function consumesCredit(type: string, channel: string): boolean {
  return channel !== "SYSTEM" && HAIP_DATA_TYPES.has(type)
}

/**
 * The spec's event types that the reference generation (`@haip/server`, `@haip/sdk` 1.0.1) does
 * not know: its streamed text, runs, audio chunks and tool calls.
 */
export const SPEC_ONLY_EVENT_TYPES: readonly HAIPEventType[] = [
  "RUN_STARTED",
  "RUN_FINISHED",
  "RUN_ERROR",
  "MESSAGE_START",
  "MESSAGE_PART",
  "MESSAGE_END",
  "AUDIO_CHUNK",
  "TOOL_CALL",
  "TOOL_UPDATE",
  "TOOL_DONE",
]

/**
 * The generation a peer is of, by the types its HAI's `accept_events` lists: the reference's
 * when it lists some and none of {@link SPEC_ONLY_EVENT_TYPES}, else the spec's (an empty list
 * says nothing, and a peer that said nothing is held to the spec).
 */
export function generationOf(acceptEvents: readonly string[]): "spec" | "reference" {
  if (acceptEvents.length === 0) return "spec"
  return SPEC_ONLY_EVENT_TYPES.some((type) => acceptEvents.includes(type)) ? "spec" : "reference"
}

/** Error codes of `ERROR` frames (the spec's, the docs' and the reference server's). */
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
  /** Ours: a well-formed request the transaction's state cannot take (nothing to regenerate). */
  | "INVALID_REQUEST"

/**
 * A frame's payload. Typed loosely on purpose, as the reference types it: it is whatever the
 * peer sent (an object for most types, the raw value for `MESSAGE`), and code such as the
 * seed's reads `message.payload.text` directly. Validate before trusting it.
 */
// biome-ignore lint/suspicious/noExplicitAny: a payload is peer data of any shape.
export type HAIPPayload = any

/**
 * One HAIP frame: the envelope and its payload. `Transaction` is how a reader holds "no
 * transaction": the client as `null`, the server as the reference's text `"null"`.
 */
export interface HAIPFrame<Transaction extends string | null = string | null> {
  /** A unique id (uuid) for this frame. */
  id: string
  /** The transaction (reference server) this frame belongs to. */
  transaction: Transaction
  /** The session the sender assigned (empty before the server's HAI). */
  session: string
  /**
   * The sender's sequence number: opaque text. Ours is a decimal counter from "1" per session
   * (HAI frames carry "0"); the reference server's a timestamp followed by letters, the
   * reference SDK's a decimal timestamp.
   */
  seq: string
  /** Cumulative: the highest seq the sender has received in order, when given. */
  ack?: string
  /** Epoch milliseconds as a decimal string. */
  ts: string
  channel: HAIPChannel
  type: HAIPEventType
  payload: HAIPPayload
  run_id?: string
  thread_id?: string
  /** The frame this one answers (an ERROR names the frame it refuses). */
  related_id?: string
  bin_len?: number
  bin_mime?: string
  pv?: number
  crit?: boolean
}

/** How a run (or a tool call) ended on the wire. */
export type HAIPRunStatus = "OK" | "CANCELLED" | "ERROR"

/** A running tool call's state on the wire. */
export type HAIPToolUpdateStatus = "QUEUED" | "RUNNING" | "CANCELLING"

/** Credits one side grants the other, per channel (the HAI `capabilities.flow_control`). */
export interface HAIPFlowControlGrant {
  initial_credit_messages: number
  initial_credit_bytes: number
}

/** The HAI payload, as either side sends it. */
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
export { type HAIPFile, toHAIPFile } from "./files.js"
