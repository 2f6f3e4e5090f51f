// The one object both links (LinkHost) and the shared sessions (SharedHost) see; the session cap and accounts are in session-book.ts, each session's settings in session-options.ts, the cross-instance part in shared-sessions.ts.
/**
 * The server's state behind the transports: connections (links), sessions by id, counters.
 * It is what links see of the server (`LinkHost`); `HAIPServer` keeps it private.
 */
import type { AuthSettings } from "./auth.js"
import { MemoryBudget } from "./budget.js"
import { unsequencedFrame } from "./frames.js"
import { heartbeatRound } from "./heartbeat.js"
import { helloPayload } from "./hello.js"
import { Link } from "./link.js"
import type { HAIPServerOptions, HAIPServerStats } from "./options.js"
import { type FrameOutput, Session } from "./session.js"
import { SessionBook } from "./session-book.js"
import { type SessionHooks, sessionOptions } from "./session-options.js"
import { type SharedHost, type SharedSessions, sharedSessionsFor } from "./shared-sessions.js"
import type { HAIPTool } from "./tool.js"
import type { ServerTransaction } from "./transaction.js"
import type { Connection, ConnectionContext } from "./transports/connection.js"
import type { LinkHandle } from "./transports/http-routes.js"

/** Defaults of the count caps (the byte caps are in `DEFAULT_BUDGET`). */
export const DEFAULT_MAX_CONNECTIONS = 1000
export const DEFAULT_MAX_SESSIONS = 1000

export class SessionRegistry implements SharedHost {
  readonly tools = new Map<string, HAIPTool>()
  readonly serverFirst: boolean
  readonly maxFrameBytes: number
  readonly rateLimit: number
  readonly maxConcurrentRuns: number
  readonly cancelGraceMs: number
  readonly handshakeTimeoutMs: number
  readonly flowGrantDelayMs: number
  readonly auth: AuthSettings
  readonly sendHighWaterBytes: number
  readonly sendStallTimeoutMs: number
  readonly replayRequestsPerMinute: number
  readonly budget: MemoryBudget
  /** Sessions across instances, with a shared store; undefined with the in-memory one. */
  readonly shared: SharedSessions | undefined
  private readonly maxConnections: number
  private readonly sessions: SessionBook
  private readonly links = new Map<string, Link>()
  private readonly allLinks = new Set<Link>()
  private readonly startedAt = Date.now()
  private readonly counters = { connections: 0, received: 0, sent: 0 }

  constructor(private readonly options: HAIPServerOptions) {
    this.serverFirst = options.handshake !== "client-first"
    this.maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024
    this.rateLimit = options.rateLimit ?? 2000
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? 10
    this.cancelGraceMs = options.cancelGraceMs ?? 2000
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000
    this.flowGrantDelayMs = options.flowGrantDelayMs ?? 50
    this.auth = {
      authenticator: undefined,
      jwtSecret: options.jwtSecret,
      jwtRequireExpiry: options.jwtRequireExpiry ?? true,
      jwtIssuer: options.jwtIssuer,
      jwtAudience: options.jwtAudience,
    }
    this.sendHighWaterBytes = options.sendHighWaterBytes ?? 4 * 1024 * 1024
    this.sendStallTimeoutMs = options.sendStallTimeoutMs ?? 30_000
    this.replayRequestsPerMinute = options.replayRequestsPerMinute ?? 60
    this.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS
    this.budget = new MemoryBudget({
      transactionHistoryBytes: options.maxTransactionHistoryBytes,
      sessionBytes: options.maxSessionBytes,
      serverBytes: options.maxServerBytes,
    })
    this.sessions = new SessionBook(
      this.budget,
      options.maxSessions ?? DEFAULT_MAX_SESSIONS,
      (message) => this.log(message),
      (session) => this.shared?.forgotten(session),
    )
    this.shared = sharedSessionsFor(options, this)
  }

  /** The connection attached to a session, for frames POSTed to it. */
  linkOf(sessionId: string): Link | undefined {
    return this.links.get(sessionId)
  }

  /** What `GET /health` answers. */
  health(): Record<string, unknown> {
    return {
      status: "ok",
      version: "1.1.2",
      sessions: this.sessions.size,
      uptime: Date.now() - this.startedAt,
    }
  }

  /** Counts and sessions, as `GET /stats` answers. */
  stats(): HAIPServerStats {
    return {
      totalConnections: this.counters.connections,
      activeConnections: this.allLinks.size,
      sessions: this.sessions.size,
      keptBytes: this.budget.used,
      messagesReceived: this.counters.received,
      messagesSent: this.counters.sent,
      uptime: Date.now() - this.startedAt,
    }
  }

  /** Closes every connection and ends every session. */
  closeAll(): void {
    // A stopping instance leaves its sessions in the shared store for the others to take over.
    this.shared?.stop()
    for (const link of [...this.allLinks]) link.connection.close(1001, "server stopping")
    for (const link of [...this.allLinks]) link.closed()
    for (const session of [...this.sessions.values()]) this.sessions.forget(session)
  }

  /** A new connection: a link, or a refusal when the server is full. */
  accept(connection: Connection, context: ConnectionContext): LinkHandle {
    const full = this.fullBecause()
    if (full) {
      const message = `The server is at its limit of ${full}; try again later.`
      connection.send(unsequencedFrame("ERROR", { code: "RATE_LIMITED", message }, ""), "0")
      connection.close(1013, "RATE_LIMITED")
      return { receive() {}, receiveBinary() {}, closed() {}, fatal() {} }
    }
    this.counters.connections += 1
    const link = new Link(this, connection, context)
    this.allLinks.add(link)
    this.log(`${connection.transport} connection opened`)
    return link
  }

  /** What the server is full of ("1000 connections"), or undefined when it takes one more. */
  private fullBecause(): string | undefined {
    if (this.allLinks.size >= this.maxConnections) return `${this.maxConnections} connections`
    return this.sessions.makeRoom()
  }

  /** A session with this id whose frames continue after `lastSeq` (a takeover). */
  restoreSession(id: string, lastSeq: number): Session {
    return this.createSession({ id, lastSeq })
  }

  createSession(restored: { id: string; lastSeq: number } | undefined = undefined): Session {
    let created: Session | undefined
    const account = this.sessions.openAccount(() => created)
    const hooks: SessionHooks = {
      log: (message) => this.log(message),
      sent: (target, sent) => {
        this.counters.sent += 1
        this.shared?.mirror(target, sent)
      },
    }
    const session = new Session(sessionOptions(this.options, this.budget, account, hooks, restored))
    created = session
    this.sessions.add(session, account)
    return session
  }

  /** Binds a session to the identity that opened it. */
  bindOwner(session: Session, identity: string | undefined): Promise<void> | undefined {
    this.sessions.bindOwner(session, identity)
    return this.shared?.opened(session, this.sessions.ownerOf(session))
  }

  /** Whether `identity` may resume the session: only the one that opened it. */
  isOwner(session: Session, identity: string | undefined): boolean {
    return this.sessions.isOwner(session, identity)
  }

  findSession(id: string): Session | undefined {
    return this.sessions.find(id)
  }

  adoptTransaction(session: Session, transactionId: string): ServerTransaction | undefined {
    if (!this.sessions.hasOwner(session)) return undefined
    const identity = this.sessions.ownerOf(session)
    for (const other of this.sessions.values()) {
      if (other === session || other.attached || !this.isOwner(other, identity)) continue
      const transaction = other.transactions.get(transactionId)
      // A transaction with a run still answering stays where its run sends.
      if (!transaction || transaction.runs.size > 0) continue
      other.transactions.take(transactionId)
      session.transactions.set(transactionId, transaction)
      this.log(`transaction ${transactionId} moved from session ${other.id} to ${session.id}`)
      return transaction
    }
    return undefined
  }

  register(session: Session, link: Link): void {
    if (session.expiryTimer) clearTimeout(session.expiryTimer)
    session.expiryTimer = undefined
    this.sessions.returned(session)
    const previous = this.links.get(session.id)
    this.links.set(session.id, link)
    if (previous && previous !== link) this.dropLink(session, previous)
    // A client relayed from another instance came back here: frames must not go there any more.
    this.shared?.returned(session)
  }

  /** The client resumed on a new connection: the old one (probably half-open) goes. */
  private dropLink(session: Session, previous: Link): void {
    session.detach(previous)
    previous.session = undefined
    previous.connection.close(1000, "session resumed on another connection")
    previous.closed()
  }

  attachRemote(session: Session, _output: FrameOutput): void {
    if (session.expiryTimer) clearTimeout(session.expiryTimer)
    session.expiryTimer = undefined
    this.sessions.returned(session)
    const previous = this.links.get(session.id)
    this.links.delete(session.id)
    if (previous) this.dropLink(session, previous)
  }

  detachRemote(session: Session, output: FrameOutput): void {
    session.detach(output)
    if (!session.attached) this.awaitResume(session)
  }

  linkClosed(link: Link): void {
    this.allLinks.delete(link)
  }

  abandoned(session: Session): void {
    // Someone else has it, or it already waits: nothing to do.
    if (session.attached || this.links.has(session.id) || session.expiryTimer) return
    this.awaitResume(session)
  }

  release(session: Session, link: Link): void {
    if (this.links.get(session.id) !== link) return
    this.links.delete(session.id)
    if (!session.authenticated) {
      this.sessions.forget(session)
      return
    }
    this.awaitResume(session)
  }

  /** The session waits for a resume for its TTL, then ends. */
  private awaitResume(session: Session): void {
    this.sessions.departed(session)
    this.shared?.departed(session, this.sessions.ownerOf(session))
    if (session.expiryTimer) clearTimeout(session.expiryTimer)
    session.expiryTimer = setTimeout(
      () => {
        this.log(`session ${session.id} expired`)
        this.sessions.forget(session)
      },
      this.options.sessionTtlMs ?? 5 * 60_000,
    )
    session.expiryTimer.unref?.()
  }

  helloPayload(
    session: Pick<Session, "id">,
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return helloPayload(this.options, session.id, this.maxConcurrentRuns, extra)
  }

  countReceived(): void {
    this.counters.received += 1
  }

  log(message: string, detail?: unknown): void {
    if (!this.options.enableLogging) return
    if (detail === undefined) console.log(`[haip] ${message}`)
    else console.log(`[haip] ${message}`, detail)
  }

  /**
   * Pings every open connection (a WebSocket ping underneath) and closes those from which
   * nothing came since the previous round, not even a WebSocket pong; sends a HAIP PING into
   * every session of this instance with a client attached, here or through a relay.
   */
  ping(): void {
    heartbeatRound(this.allLinks, this.shared?.relayedSessions() ?? [], (message) =>
      this.log(message),
    )
  }
}
