/**
 * The server's types, named as the reference `haip` package names them, so code written
 * against `@haip/server` compiles against this package with only its import path changed. The
 * wire's own (the frame envelope, event types, channels, error codes, the HAI payload) are
 * declared once in `@aichatkit/haip-wire`, shared with the client, and re-exported here.
 */
import type { HAIPChannel, HAIPEventType, HAIPFrame, HAIPRunStatus } from "@aichatkit/haip-wire"

export {
  HAIP_CHANNELS,
  type HAIPChannel,
  type HAIPErrorCode,
  HAIPEventType,
  type HAIPFile,
  type HAIPFlowControlGrant,
  type HAIPHandshakePayload,
  type HAIPRunStatus,
  type HAIPToolUpdateStatus,
} from "@aichatkit/haip-wire"

/** One HAIP frame: the envelope and its payload; "no transaction" is the text "null". */
export type HAIPMessage = HAIPFrame<string>

/** What a tool says about itself. */
export interface HAIPToolSchema {
  name: string
  description: string
  inputSchema: Record<string, unknown>
  outputSchema?: Record<string, unknown>
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
