/** What the protocol handlers and the links need from the server, and the ERROR they send. */
import type { AuthSettings } from "./auth.js"
import type { Link } from "./link.js"
import type { Session } from "./session.js"
import type { SharedSessions } from "./shared-sessions.js"
import type { HAIPTool } from "./tool.js"
import type { ServerTransaction } from "./transaction.js"
import type { HAIPErrorCode } from "./types.js"

/** What the protocol needs from the server. */
export interface ProtocolContext {
  tools: ReadonlyMap<string, HAIPTool>
  maxConcurrentRuns: number
  cancelGraceMs: number
  flowGrantDelayMs: number
  log(message: string, detail?: unknown): void
  /**
   * Moves a transaction of an earlier, departed session of the same identity into this one
   * (a reference SDK that reconnects goes on in its transaction without resuming a session).
   */
  adoptTransaction?(session: Session, transactionId: string): ServerTransaction | undefined
}

/** What a link needs from its server. */
export interface LinkHost extends ProtocolContext {
  readonly serverFirst: boolean
  readonly maxFrameBytes: number
  /** Frames per second per connection; 0 turns the limit off. */
  readonly rateLimit: number
  readonly handshakeTimeoutMs: number
  readonly auth: AuthSettings
  /** Send back-pressure (see `SendGate`) and the REPLAY_REQUEST rate. */
  readonly sendHighWaterBytes: number
  readonly sendStallTimeoutMs: number
  readonly replayRequestsPerMinute: number
  /**
   * Binds a session to the identity that opened it; only that one may resume it. With a shared
   * store, the promise settles once the store has the session (on any instance).
   */
  bindOwner(session: Session, identity: string | undefined): Promise<void> | undefined
  isOwner(session: Session, identity: string | undefined): boolean
  createSession(): Session
  findSession(id: string): Session | undefined
  /** Makes a session reachable by id (for resume and `POST /haip/messages`). */
  register(session: Session, link: Link): void
  /** The link let go of a session: forget it if unauthenticated, else keep it for the TTL. */
  release(session: Session, link: Link): void
  /** The link's connection is gone. */
  linkClosed(link: Link): void
  /**
   * A session taken (from a dead instance) for a client that left before its link had it: it
   * waits for a resume for its TTL, as if its client had just left.
   */
  abandoned(session: Session): void
  helloPayload(
    session: Pick<Session, "id">,
    extra?: Record<string, unknown>,
  ): Record<string, unknown>
  countReceived(): void
  /** Sessions across instances (a shared store), or undefined when everything is in memory. */
  readonly shared?: SharedSessions | undefined
}

/** Sends an ERROR on the session (ahead of queued data). */
export function sendError(
  session: Session,
  code: HAIPErrorCode,
  message: string,
  extra: { relatedId?: string | undefined; transaction?: string; detail?: unknown } = {},
): void {
  const payload: Record<string, unknown> = { code, message }
  if (extra.relatedId !== undefined) payload.related_id = extra.relatedId
  if (extra.detail !== undefined) payload.detail = extra.detail
  session.sendControl({
    type: "ERROR",
    channel: "SYSTEM",
    payload,
    ...(extra.relatedId === undefined ? {} : { related_id: extra.relatedId }),
    ...(extra.transaction === undefined ? {} : { transaction: extra.transaction }),
  })
}
