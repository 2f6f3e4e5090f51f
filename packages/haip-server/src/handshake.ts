/**
 * The handshake of one connection: its deadline, the frames the client sends before it ends,
 * and the answer to the client's HAI (the version, who the client is, and which session it
 * gets: resumed here, relayed from the instance that holds it, or a new one). The link applies
 * the answer; this module decides it, so a change to what a HAI may ask is made here alone.
 */
import { authenticateClient, authRequest } from "./auth.js"
import { creditsGranted, PeerDelivery, type PeerProfile, peerProfile } from "./peer.js"
import { restartClientSeq } from "./protocol.js"
import type { LinkHost } from "./protocol-context.js"
import { decideResume, type ResumeOutcome } from "./resume.js"
import type { Session } from "./session.js"
import type { SharedResume } from "./shared-sessions.js"
import type { ConnectionContext } from "./transports/connection.js"
import type { HAIPErrorCode, HAIPFlowControlGrant, HAIPMessage } from "./types.js"

/** Frames held while the client's HAI is being answered. */
const HELD_FRAMES_LIMIT = 256

/** A client's HAI, read once: how the client asks to be served. */
export interface ClientHello {
  readonly frame: HAIPMessage
  /** The HAI's payload (empty when it had none). */
  readonly payload: Record<string, unknown>
  readonly profile: PeerProfile
  /** The credits the client grants the server, when it is held to them. */
  readonly grant: HAIPFlowControlGrant | undefined
}

export function readClientHello(hai: HAIPMessage): ClientHello {
  const payload: Record<string, unknown> =
    typeof hai.payload === "object" && hai.payload !== null ? hai.payload : {}
  const profile = peerProfile(payload.accept_events)
  const capabilities = payload.capabilities as { flow_control?: unknown } | undefined
  return {
    frame: hai,
    payload,
    profile,
    grant: creditsGranted(profile, capabilities?.flow_control),
  }
}

/**
 * Serves `session` as the client's HAI asks: the event types it takes, and its seq restarted
 * (the credits it grants go with the attach that follows).
 */
export function serveAsHelloAsks(session: Session, hello: ClientHello): void {
  session.delivery = new PeerDelivery(hello.profile)
  restartClientSeq(session, hello.frame)
}

/** Who the handshake let in. */
export interface Admitted {
  user: Session["user"]
  identity?: string | undefined
}

/** The session lives on another instance: the link relays it through the shared store. */
export type RelayedSession = Extract<SharedResume, { kind: "relay" }>

/** The session is here: resumed, the one opened on connect, or a new one. */
export type HereAnswer = {
  kind: "here"
  hello: ClientHello
  admitted: Admitted
  resume: ResumeOutcome
}
/** The session's home is another instance: the link relays it. */
export type RelayedAnswer = {
  kind: "relayed"
  hello: ClientHello
  admitted: Admitted
  remote: RelayedSession
}
/** The handshake's answer: the session is here (resumed or not), or relayed from elsewhere. */
export type HandshakeAnswer = HereAnswer | RelayedAnswer

/** What the handshake needs of its link. */
export interface HandshakeLink {
  /** The session opened on connect (server-first), if any. */
  readonly session: Session | undefined
  readonly isClosed: boolean
  /** Sends an ERROR and closes the connection. */
  fatal(code: HAIPErrorCode, message: string, closeCode: number): void
}

export class Handshake {
  private readonly deadline: NodeJS.Timeout
  private readonly held: string[] = []

  constructor(
    private readonly host: LinkHost,
    private readonly context: ConnectionContext,
    private readonly link: HandshakeLink,
  ) {
    this.deadline = setTimeout(() => {
      link.fatal(
        "PROTOCOL_VIOLATION",
        "No HAI arrived in time; send HAI first after connecting.",
        1008,
      )
    }, host.handshakeTimeoutMs)
    this.deadline.unref?.()
  }

  /**
   * Keeps a frame that came before the handshake ended, for after it: the reference SDK sends
   * what it had queued before its HAI, and closing on it ("NOT HAI") would only make it retry.
   */
  hold(text: string, type: string): void {
    if (this.held.length >= HELD_FRAMES_LIMIT) {
      this.link.fatal(
        "RATE_LIMITED",
        `Too many frames before the handshake finished (the last a ${type}); send HAI first and wait for the server's.`,
        1008,
      )
      return
    }
    this.held.push(text)
  }

  /** The frames held so far, handed over once (the link is open by then). */
  takeHeld(): string[] {
    return this.held.splice(0)
  }

  /** The connection is gone: no deadline any more. */
  stop(): void {
    clearTimeout(this.deadline)
  }

  /**
   * Answers the client's HAI; undefined when the link was closed meanwhile or refused here. The
   * version is checked before the first await, so a refusal closes the link before it reads
   * another frame.
   */
  async answer(hai: HAIPMessage): Promise<HandshakeAnswer | undefined> {
    const hello = readClientHello(hai)
    const majors: unknown = hello.payload.accept_major
    if (Array.isArray(majors) && majors.length > 0 && !majors.includes(1)) {
      this.link.fatal(
        "VERSION_INCOMPATIBLE",
        `This server speaks HAIP 1.x; the client accepts ${JSON.stringify(majors)}.`,
        1008,
      )
      return undefined
    }
    const outcome = await authenticateClient(
      authRequest(hello.payload.auth, this.context.requestToken),
      this.host.auth,
    )
    if (this.link.isClosed) return undefined
    if (!outcome.ok) {
      this.link.fatal("AUTHENTICATION_FAILED", outcome.message, 1008)
      return undefined
    }
    // Authenticated in time: a slow shared store from here on must not trip the deadline.
    clearTimeout(this.deadline)
    const admitted: Admitted = { user: outcome.user, identity: outcome.identity }
    let resume = decideResume(this.host, hello.payload, outcome.identity, this.link.session?.id)
    if (resume.kind === "failed") {
      const shared = await this.resumeShared(hello.payload, admitted)
      if (this.link.isClosed) return this.abandon(shared)
      if (shared?.kind === "relay") return { kind: "relayed", hello, admitted, remote: shared }
      if (shared) resume = shared
    }
    if (resume.kind === "resumed" && this.host.shared) {
      await this.host.shared.caughtUp(resume.session)
      if (this.link.isClosed) return this.abandon(resume)
    }
    return { kind: "here", hello, admitted, resume }
  }

  /**
   * The client left while its resume was being answered. A session the shared store handed over
   * (taken from a dead instance) is no one's yet: without this it would never expire.
   */
  private abandon(resume: ResumeOutcome | RelayedSession | undefined): undefined {
    if (resume?.kind === "resumed") this.host.abandoned(resume.session)
    return undefined
  }

  /**
   * A resume of a session this instance does not hold, asked of the shared store (undefined
   * when there is none, or the session is here and the local answer stands).
   */
  private async resumeShared(
    payload: Record<string, unknown>,
    admitted: Admitted,
  ): Promise<ResumeOutcome | RelayedSession | undefined> {
    const wanted = payload.session
    const lastRx = String(payload.last_rx_seq ?? "0")
    const shared = this.host.shared
    if (
      !shared ||
      typeof wanted !== "string" ||
      wanted === "" ||
      wanted === this.link.session?.id
    ) {
      return undefined
    }
    if (this.host.findSession(wanted) || !/^\d{1,15}$/.test(lastRx)) return undefined
    const remote = await shared.resume(wanted, Number(lastRx), admitted.identity)
    if (remote.kind !== "adopted") return remote
    return { kind: "resumed", session: remote.session, replayFrom: remote.replayFrom }
  }
}
