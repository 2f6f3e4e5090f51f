/**
 * One connection's life: the handshake (whichever side speaks first), the session its answer
 * names taken, then frames handed to the protocol, or to the home instance while it is relayed.
 * A bad frame gets a clear ERROR; only what makes continuing unsafe closes the connection. The
 * parts with a reason of their own to change are out: the handshake's answer (handshake.ts,
 * resume.ts), what the client accepts (peer.ts), its rate limits (rate-limit.ts), send
 * back-pressure and liveness (transports/), and a relayed connection (relayed-link.ts, relay.ts).
 */
import { decodeFrame, type FrameProblem, unsequencedFrame } from "./frames.js"
import {
  type ClientHello,
  Handshake,
  type HereAnswer,
  type RelayedAnswer,
  serveAsHelloAsks,
} from "./handshake.js"
import { handleFrame } from "./protocol.js"
import { type LinkHost, sendError } from "./protocol-context.js"
import { ConnectionLimits } from "./rate-limit.js"
import { RelayedLink, type RelayingLink } from "./relayed-link.js"
import type { SentFrame } from "./replay-window.js"
import type { FrameOutput, Session } from "./session.js"
import type { Connection, ConnectionContext } from "./transports/connection.js"
import { Liveness } from "./transports/liveness.js"
import { SendGate } from "./transports/send-gate.js"
import type { HAIPErrorCode, HAIPMessage } from "./types.js"

type LinkState = "awaiting-hai" | "authenticating" | "open" | "closed"

export class Link implements FrameOutput, RelayingLink {
  private state: LinkState = "awaiting-hai"
  session: Session | undefined
  private readonly handshake: Handshake
  private readonly limits: ConnectionLimits
  private readonly gate: SendGate
  private readonly liveness: Liveness
  /** Set while the session's home is another instance: frames go through the store. */
  private relayed: RelayedLink | undefined

  constructor(
    private readonly host: LinkHost,
    readonly connection: Connection,
    context: ConnectionContext,
  ) {
    this.liveness = new Liveness(connection)
    this.limits = new ConnectionLimits(host, {
      refuse: (message, relatedId) => this.sendProblem("RATE_LIMITED", message, relatedId),
      close: (message) => this.fatal("RATE_LIMITED", message, 1008),
    })
    this.gate = new SendGate(connection, {
      highWaterBytes: host.sendHighWaterBytes,
      stallTimeoutMs: host.sendStallTimeoutMs,
      onDrain: () => this.session?.flush(),
      onStall: () => {
        host.log("a connection stopped reading while its send buffer was full; it was closed")
        this.closed()
      },
    })
    this.handshake = new Handshake(host, context, this)
    if (host.serverFirst || context.forceServerFirst) {
      const session = host.createSession()
      this.session = session
      host.register(session, this)
      this.sendHello(session)
    }
  }

  /** Read through a getter: a check after an await must not be narrowed by one before it. */
  get isClosed(): boolean {
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
    this.liveness.heardFrom()
    this.host.countReceived()
    if (!this.limits.admitFrame()) return
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
    this.liveness.heardFrom()
  }

  /** The heartbeat's check: false when nothing came from the client since the last one. */
  probe(): boolean {
    return this.liveness.probe()
  }

  private process(text: string): void {
    if (this.state === "closed") return
    if (this.state === "authenticating") {
      this.handshake.hold(text, "frame")
      return
    }
    const decoded = decodeFrame(text, this.host.maxFrameBytes)
    if (!decoded.ok) {
      this.refuse(decoded.problem)
      return
    }
    if (this.relayed) {
      this.relayed.forward(text)
      return
    }
    if (this.state === "awaiting-hai") {
      if (decoded.frame.type !== "HAI") {
        this.handshake.hold(text, decoded.frame.type)
        return
      }
      this.state = "authenticating"
      this.admit(decoded.frame).catch((error: unknown) => {
        this.host.log("handshake failed", error)
        this.fatal("PROTOCOL_VIOLATION", "The handshake failed on the server; try again.", 1011)
      })
      return
    }
    const session = this.session
    if (!session) return
    const frame = decoded.frame
    if (frame.type === "REPLAY_REQUEST") {
      // Refused while a replay is still pending or the socket's buffer is over its mark.
      if (!this.limits.admitReplay(session.replayPending || this.gate.congested, frame.id)) return
    }
    handleFrame(this.host, session, frame)
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
    this.handshake.stop()
    this.gate.stop()
    this.relayed?.close()
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
    this.sendProblem(code, message, relatedId)
    this.connection.close(closeCode, code)
    this.closed()
  }

  /** An ERROR in the session's sequence once the link is open, else outside it (seq "0"). */
  private sendProblem(code: HAIPErrorCode, message: string, relatedId?: string): void {
    if (this.state === "open" && this.session) {
      sendError(this.session, code, message, { relatedId })
    } else {
      this.sendRaw("ERROR", { code, message, ...(relatedId ? { related_id: relatedId } : {}) })
    }
  }

  /** The client's HAI: the handshake answers it, and the link takes the session it names. */
  private async admit(hai: HAIPMessage): Promise<void> {
    const answer = await this.handshake.answer(hai)
    if (!answer || this.isClosed) return
    if (answer.kind === "relayed") this.startRelay(answer)
    else await this.open(answer)
  }

  /** The session is here: resumed, the one opened on connect, or a new one. */
  private async open({ hello, admitted, resume }: HereAnswer): Promise<void> {
    if (resume.kind === "failed") {
      this.sendRaw("ERROR", { code: "RESUME_FAILED", message: resume.message })
    }
    const provisional = this.session
    const resumed = resume.kind === "resumed" ? resume.session : undefined
    if (resumed && provisional && provisional !== resumed) this.host.release(provisional, this)
    const session = resumed ?? provisional ?? this.host.createSession()
    session.user = admitted.user
    session.authenticated = true
    const stored = this.host.bindOwner(session, admitted.identity)
    this.take(session, hello)
    // The client hears nothing more until a shared store has the session: it may resume it on
    // another instance at once, and that one must find it. Its frames meanwhile are held.
    if (stored) await stored
    if (this.isClosed) return
    const asked = typeof hello.payload.session === "string" && hello.payload.session !== ""
    // A client that asked to resume learns the outcome from this HAI (after RESUME_FAILED or not).
    if (session !== provisional || asked || resume.kind === "failed") {
      this.sendHello(session, resumed === undefined ? undefined : session.lastSeq)
    }
    this.start(session, hello, resume.kind === "resumed" ? resume.replayFrom : undefined)
  }

  /** Makes `session` this link's (and the registry's for its id), served as the HAI asks. */
  private take(session: Session, hello: ClientHello): void {
    serveAsHelloAsks(session, hello)
    this.session = session
    this.host.register(session, this)
  }

  /**
   * Opens the link: the frames the client missed (from `replayFrom`), its credits, then the
   * frames it sent while the handshake was answered.
   */
  private start(session: Session, hello: ClientHello, replayFrom: number | undefined): void {
    this.state = "open"
    if (replayFrom !== undefined) session.replayFrames(session.replay.range(replayFrom))
    session.attach(this, hello.grant)
    for (const text of this.handshake.takeHeld()) this.process(text)
  }

  /** The session runs on another instance: its frames go both ways through the shared store. */
  private startRelay(answer: RelayedAnswer): void {
    const provisional = this.session
    this.session = undefined
    if (provisional) this.host.release(provisional, this)
    this.sendHello(answer.remote.record, answer.remote.lastSeq)
    this.state = "open"
    const shared = this.host.shared
    if (shared) this.relayed = new RelayedLink(this.host, shared, answer, this)
    for (const text of this.handshake.takeHeld()) this.process(text)
  }

  awaitTakeover(): void {
    this.relayed = undefined
    // Frames the client sends meanwhile are held, as they are during a handshake.
    this.state = "authenticating"
  }

  tookOver(session: Session, hello: ClientHello, replayFrom: number): void {
    this.take(session, hello)
    this.start(session, hello, replayFrom)
  }

  /** The server's HAI; with `lastTxSeq`, the answer to a resume that is honoured. */
  private sendHello(session: Pick<Session, "id">, lastTxSeq?: number): void {
    const extra = lastTxSeq === undefined ? {} : { resumed: true, last_tx_seq: String(lastTxSeq) }
    this.sendRaw("HAI", this.host.helloPayload(session, extra), session.id)
  }

  /** A frame outside the session's sequence (the handshake's, and errors before it ends). */
  private sendRaw(
    type: "HAI" | "ERROR",
    payload: Record<string, unknown>,
    sessionId?: string,
  ): void {
    const text = unsequencedFrame(type, payload, sessionId ?? this.session?.id ?? "")
    if (this.state !== "closed") this.connection.send(text, "0")
  }
}
