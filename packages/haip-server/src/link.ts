// Over 300 lines: one connection's state machine, local or relayed to another instance; its pure parts are already out (resume.ts, peer.ts, rate-limit.ts, send-gate.ts, the relay itself in shared-sessions.ts).
/**
 * One connection's life: the handshake (whichever side speaks first), authentication, resume,
 * rate limiting, then frames handed to the protocol. A bad frame gets a clear ERROR; only what
 * makes continuing unsafe closes the connection.
 */
import { randomUUID } from "node:crypto"
import { authenticateClient, authRequest } from "./auth.js"
import { buildFrame, decodeFrame, encodeFrame, type FrameProblem } from "./frames.js"
import { creditsGranted, PeerDelivery, peerProfile } from "./peer.js"
import { handleFrame, restartClientSeq } from "./protocol.js"
import { type LinkHost, sendError } from "./protocol-context.js"
import { RateLimiter, TokenBucket } from "./rate-limit.js"
import type { SentFrame } from "./replay-window.js"
import { decideResume, type ResumeOutcome } from "./resume.js"
import type { FrameOutput, Session } from "./session.js"
import type { Relay, SharedResume } from "./shared-sessions.js"
import type { Connection, ConnectionContext } from "./transports/connection.js"
import { SendGate } from "./transports/send-gate.js"
import type { HAIPErrorCode, HAIPMessage } from "./types.js"

type LinkState = "awaiting-hai" | "authenticating" | "open" | "closed"

/** Who the handshake let in. */
interface Admitted {
  user: Session["user"]
  identity?: string | undefined
}

/** Frames buffered while the client's HAI is being authenticated. */
const PENDING_LIMIT = 256

export class Link implements FrameOutput {
  private state: LinkState = "awaiting-hai"
  session: Session | undefined
  private readonly pending: string[] = []
  private readonly handshakeTimer: NodeJS.Timeout
  private readonly rateLimiter: RateLimiter
  private readonly gate: SendGate
  private readonly replayBucket: TokenBucket
  /** Whether anything (a frame, a WebSocket pong) came from the client since the last probe. */
  private heard = true
  /** Set while the session's home is another instance: frames go through the store. */
  private relay: Relay | undefined

  constructor(
    private readonly host: LinkHost,
    readonly connection: Connection,
    private readonly context: ConnectionContext,
  ) {
    this.rateLimiter = new RateLimiter(host.rateLimit)
    this.replayBucket = new TokenBucket(10, host.replayRequestsPerMinute)
    this.gate = new SendGate(connection, {
      highWaterBytes: host.sendHighWaterBytes,
      stallTimeoutMs: host.sendStallTimeoutMs,
      onDrain: () => this.session?.flush(),
      onStall: () => {
        host.log("a connection stopped reading while its send buffer was full; closing it")
        if (connection.terminate) connection.terminate()
        else connection.close(1008, "the client does not read")
        this.closed()
      },
    })
    this.handshakeTimer = setTimeout(() => {
      this.fatal(
        "PROTOCOL_VIOLATION",
        "No HAI arrived in time; send HAI first after connecting.",
        1008,
      )
    }, host.handshakeTimeoutMs)
    this.handshakeTimer.unref?.()
    if (host.serverFirst || context.forceServerFirst) {
      const session = host.createSession()
      this.session = session
      host.register(session, this)
      this.sendHello(session)
    }
  }

  /** Read through a getter: a check after an await must not be narrowed by one before it. */
  private get isClosed(): boolean {
    return this.state === "closed"
  }

  get isOpen(): boolean {
    return this.state === "open"
  }

  /** True while the socket holds more unsent bytes than the high-water mark. */
  get congested(): boolean {
    return this.gate.congested
  }

  deliver(text: string, frame: HAIPMessage | SentFrame): void {
    if (this.state === "closed") return
    this.connection.send(text, String(frame.seq))
    this.gate.check()
  }

  /** One text frame from the client. */
  receive(text: string): void {
    if (this.state === "closed") return
    this.heard = true
    this.host.countReceived()
    if (!this.withinRate()) return
    try {
      this.process(text)
    } catch (error) {
      // A bug must cost this connection, never the process and the other clients.
      this.host.log("a frame could not be handled", error)
      this.fatal(
        "PROTOCOL_VIOLATION",
        "The server failed on this frame; reconnect and try again.",
        1011,
      )
    }
  }

  /** A transport-level sign of life (a WebSocket pong). */
  alive(): void {
    this.heard = true
  }

  /**
   * The heartbeat's check: false when the connection answered nothing, not even a WebSocket
   * pong, since the previous probe; otherwise probes it again. A missing HAIP PONG alone never
   * makes a connection dead (the reference SDK stops answering PING once its SYSTEM credits run
   * out), and a transport without pings (HTTP) is only dead when its socket closes.
   */
  probe(): boolean {
    const ping = this.connection.ping
    if (!ping) return true
    if (!this.heard) return false
    this.heard = false
    ping.call(this.connection)
    return true
  }

  private process(text: string): void {
    if (this.state === "closed") return
    if (this.state === "authenticating") {
      this.holdUntilHandshake(text, "frame")
      return
    }
    const decoded = decodeFrame(text, this.host.maxFrameBytes)
    if (!decoded.ok) {
      this.refuse(decoded.problem)
      return
    }
    if (this.relay) {
      this.relay.forward(text)
      return
    }
    if (this.state === "awaiting-hai") {
      if (decoded.frame.type !== "HAI") {
        // The reference SDK, reconnecting, sends what it had queued before its HAI: keep it for
        // after the handshake instead of closing ("NOT HAI"), which would only make it retry.
        this.holdUntilHandshake(text, decoded.frame.type)
        return
      }
      this.state = "authenticating"
      this.handshake(decoded.frame).catch((error: unknown) => {
        this.host.log("handshake failed", error)
        this.fatal("PROTOCOL_VIOLATION", "The handshake failed on the server; try again.", 1011)
      })
      return
    }
    if (decoded.frame.type === "REPLAY_REQUEST" && !this.mayReplay(decoded.frame)) return
    if (this.session) handleFrame(this.host, this.session, decoded.frame)
  }

  /** A REPLAY_REQUEST resends a whole window: one at a time, at a bounded rate. */
  private mayReplay(frame: HAIPMessage): boolean {
    const session = this.session
    if (!session) return false
    const busy = session.replayPending || this.gate.congested
    if (!busy && this.replayBucket.take()) return true
    const message = busy
      ? "A replay is still being sent; wait for it before asking for another."
      : `More than ${this.host.replayRequestsPerMinute} REPLAY_REQUESTs a minute; ask again later.`
    sendError(session, "RATE_LIMITED", message, { relatedId: frame.id })
    return false
  }

  private holdUntilHandshake(text: string, type: string): void {
    if (this.pending.length >= PENDING_LIMIT) {
      this.fatal(
        "RATE_LIMITED",
        `Too many frames before the handshake finished (the last a ${type}); send HAI first and wait for the server's.`,
        1008,
      )
      return
    }
    this.pending.push(text)
  }

  /** A binary frame: this server announces `binary_frames: false`. */
  receiveBinary(): void {
    this.refuse({
      code: "UNSUPPORTED_TYPE",
      message: "Binary frames are not supported; send base64 in a JSON payload.",
    })
  }

  /** The connection is gone. */
  closed(): void {
    if (this.state === "closed") return
    this.state = "closed"
    clearTimeout(this.handshakeTimer)
    this.gate.stop()
    this.relay?.close()
    if (this.session) {
      this.session.detach(this)
      this.host.release(this.session, this)
    }
    this.host.linkClosed(this)
  }

  /** Sends an ERROR (and closes for codes that make continuing unsafe). */
  private refuse(problem: FrameProblem): void {
    if (problem.code === "PAYLOAD_TOO_LARGE") {
      this.fatal(problem.code, problem.message, 1009, problem.relatedId)
    } else if (this.state !== "open") {
      this.fatal(
        "PROTOCOL_VIOLATION",
        `The first frame must be HAI (NOT HAI): ${problem.message}`,
        1008,
      )
    } else if (this.session) {
      sendError(this.session, problem.code, problem.message, { relatedId: problem.relatedId })
    }
  }

  /** Sends an ERROR and closes the connection. */
  fatal(code: HAIPErrorCode, message: string, closeCode: number, relatedId?: string): void {
    if (this.state === "closed") return
    if (this.state === "open" && this.session) {
      sendError(this.session, code, message, { relatedId })
    } else {
      this.sendRaw("ERROR", { code, message, ...(relatedId ? { related_id: relatedId } : {}) })
    }
    this.connection.close(closeCode, code)
    this.closed()
  }

  private withinRate(): boolean {
    const decision = this.rateLimiter.check()
    if (decision === "accept") return true
    const message = `More than ${this.host.rateLimit} frames in a second; frames were dropped. Slow down.`
    if (decision === "close") {
      this.fatal("RATE_LIMITED", `${message} The flood went on, so the connection is closed.`, 1008)
    } else if (decision === "warn") {
      if (this.session && this.state === "open") sendError(this.session, "RATE_LIMITED", message)
      else this.sendRaw("ERROR", { code: "RATE_LIMITED", message })
    }
    return false
  }

  private async handshake(hai: HAIPMessage): Promise<void> {
    const payload = typeof hai.payload === "object" && hai.payload !== null ? hai.payload : {}
    const majors: unknown = payload.accept_major
    if (Array.isArray(majors) && majors.length > 0 && !majors.includes(1)) {
      this.fatal(
        "VERSION_INCOMPATIBLE",
        `This server speaks HAIP 1.x; the client accepts ${JSON.stringify(majors)}.`,
        1008,
      )
      return
    }
    const outcome = await authenticateClient(
      authRequest(payload.auth, this.context.requestToken),
      this.host.auth,
    )
    if (this.state === "closed") return
    if (!outcome.ok) {
      this.fatal("AUTHENTICATION_FAILED", outcome.message, 1008)
      return
    }
    clearTimeout(this.handshakeTimer)
    const profile = peerProfile(payload.accept_events)
    const clientGrant = creditsGranted(profile, payload.capabilities?.flow_control)
    let resume = decideResume(this.host, payload, outcome.identity, this.session?.id)
    if (resume.kind === "failed") {
      const shared = await this.resumeShared(payload, outcome)
      if (this.isClosed) return
      if (shared?.kind === "relay") {
        this.startRelay(shared, hai, outcome)
        return
      }
      if (shared) resume = shared
    }
    if (resume.kind === "resumed" && this.host.shared) {
      await this.host.shared.caughtUp(resume.session)
      if (this.isClosed) return
    }
    if (resume.kind === "failed") {
      this.sendRaw("ERROR", { code: "RESUME_FAILED", message: resume.message })
    }
    const provisional = this.session
    const resumed = resume.kind === "resumed" ? resume.session : undefined
    if (resumed && provisional && provisional !== resumed) this.host.release(provisional, this)
    const session = resumed ?? provisional ?? this.host.createSession()
    session.user = outcome.user
    session.authenticated = true
    const stored = this.host.bindOwner(session, outcome.identity)
    session.delivery = new PeerDelivery(profile)
    restartClientSeq(session, hai)
    this.session = session
    this.host.register(session, this)
    // The client hears nothing more until a shared store has the session: it may resume it on
    // another instance at once, and that one must find it. Its frames meanwhile wait in pending.
    if (stored) await stored
    if (this.isClosed) return
    const asked = typeof payload.session === "string" && payload.session !== ""
    // A client that asked to resume learns the outcome from this HAI (after RESUME_FAILED or not).
    if (session !== provisional || asked || resume.kind === "failed") {
      this.sendHello(
        session,
        resumed === undefined ? {} : { resumed: true, last_tx_seq: String(session.lastSeq) },
      )
    }
    this.state = "open"
    if (resume.kind === "resumed") session.replayFrames(session.replay.range(resume.replayFrom))
    session.attach(this, clientGrant)
    for (const text of this.pending.splice(0)) this.process(text)
  }

  /**
   * A resume of a session this instance does not hold, asked of the shared store (undefined
   * when there is none, or the session is here and the local answer stands).
   */
  private async resumeShared(
    payload: Record<string, unknown>,
    admitted: Admitted,
  ): Promise<ResumeOutcome | Extract<SharedResume, { kind: "relay" }> | undefined> {
    const wanted = payload.session
    const lastRx = String(payload.last_rx_seq ?? "0")
    const shared = this.host.shared
    if (!shared || typeof wanted !== "string" || wanted === "" || wanted === this.session?.id) {
      return undefined
    }
    if (this.host.findSession(wanted) || !/^\d{1,15}$/.test(lastRx)) return undefined
    const remote = await shared.resume(wanted, Number(lastRx), admitted.identity)
    if (remote.kind !== "adopted") return remote
    return { kind: "resumed", session: remote.session, replayFrom: remote.replayFrom }
  }

  /** The session runs on another instance: relay its frames both ways through the store. */
  private startRelay(
    remote: Extract<SharedResume, { kind: "relay" }>,
    hai: HAIPMessage,
    admitted: Admitted,
  ): void {
    const provisional = this.session
    this.session = undefined
    if (provisional) this.host.release(provisional, this)
    this.sendHello(remote.record, { resumed: true, last_tx_seq: String(remote.lastSeq) })
    this.state = "open"
    const from = Number(hai.payload?.last_rx_seq ?? 0) + 1
    this.relay = this.host.shared?.relay(remote.record, from, hai, {
      frame: (frame) => this.deliver(frame.text, frame),
      homeLost: () => {
        this.takeOver(hai, admitted).catch((error: unknown) => this.storeFailed(error))
      },
      failed: (error) => this.storeFailed(error),
    })
    for (const text of this.pending.splice(0)) this.process(text)
  }

  /** The home instance died while relaying: this one takes the session over. */
  private async takeOver(hai: HAIPMessage, admitted: Admitted): Promise<void> {
    const relay = this.relay
    if (!relay || !this.host.shared) return
    this.relay = undefined
    // Frames the client sends meanwhile wait, as they do during a handshake.
    this.state = "authenticating"
    const session = await this.host.shared.adopt(relay.record, admitted.identity)
    if (this.isClosed) return
    if (!session) {
      this.fatal("RESUME_FAILED", "The session moved to another server; resume it again.", 1012)
      return
    }
    session.user = admitted.user
    session.delivery = new PeerDelivery(peerProfile(hai.payload?.accept_events))
    restartClientSeq(session, hai)
    this.session = session
    this.host.register(session, this)
    this.state = "open"
    session.replayFrames(session.replay.range(relay.next))
    const profile = peerProfile(hai.payload?.accept_events)
    session.attach(this, creditsGranted(profile, hai.payload?.capabilities?.flow_control))
    for (const text of this.pending.splice(0)) this.process(text)
  }

  private storeFailed(error: unknown): void {
    this.host.log("the session store failed", error)
    this.fatal(
      "RESUME_FAILED",
      "The server lost its session store; reconnect and resume the session.",
      1011,
    )
  }

  private sendHello(session: Pick<Session, "id">, extra: Record<string, unknown> = {}): void {
    this.sendRaw("HAI", this.host.helloPayload(session, extra), session.id)
  }

  /** A frame outside the session's sequence (handshake and pre-handshake errors): seq "0". */
  private sendRaw(
    type: "HAI" | "ERROR",
    payload: Record<string, unknown>,
    sessionId?: string,
  ): void {
    const frame = buildFrame({
      id: randomUUID(),
      transaction: undefined,
      session: sessionId ?? this.session?.id ?? "",
      seq: 0,
      ack: undefined,
      channel: "SYSTEM",
      type,
      payload,
    })
    if (this.state !== "closed") this.connection.send(encodeFrame(frame), "0")
  }
}
