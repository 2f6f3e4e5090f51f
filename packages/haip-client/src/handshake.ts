/**
 * The HAIP handshake of each connection attempt, and the session it opens or resumes.
 *
 * The client sends its HAI as soon as the link opens (with `auth`, and `session` plus
 * `last_rx_seq` when resuming) and is connected once it has also received the server's HAI,
 * whichever came first. When resuming, a HAI for another session is only taken as the end of
 * the old session after the server says RESUME_FAILED or a second passes, because a server
 * that speaks first greets every connection with a fresh session before it reads the
 * client's HAI.
 */
import type { EmitClientEvent } from "./connection-events.js"
import {
  finalServerError,
  greetingOutcome,
  haiSession,
  heldCredits,
  parseServerInfo,
} from "./connection-support.js"
import { isRecord } from "./envelope.js"
import { HAIPError, serverError } from "./errors.js"
import type { Inbox } from "./inbox.js"
import type { Outbox } from "./outbox.js"
import { seqNumber } from "./sequencer.js"
import type { Timers } from "./timers.js"
import type { HAIPMessage, HAIPServerInfo } from "./types.js"

/** How long a resume waits for a HAI of the old session before taking a new one. */
const resumeWaitMs = 1000
/** After RESUME_FAILED, how long a second HAI may take before the first one is taken. */
const secondHaiWaitMs = 200
/** Frames handled before the handshake completes; others wait until it has. */
const handshakeControl: ReadonlySet<string> = new Set(["HAI", "ERROR", "PING", "PONG"])

/** What the handshake needs from its connection. */
export interface HandshakeHost {
  /** Shared with the connection: the handshake uses the timers "resume" and "handshake". */
  readonly timers: Timers
  readonly inbox: Inbox
  readonly outbox: Outbox
  /** Whether the attempt's link is still up (a late HAI then completes nothing). */
  readonly linked: boolean
  emit: EmitClientEvent
  /** The server refused the credentials: the connection fails for good. */
  fail(error: HAIPError): void
  /** The handshake completed: the link is open (phase, metrics, heartbeat). */
  opened(): void
  /** The session was lost; its transactions are gone. */
  sessionLost(): void
}

interface Deferred {
  resolve: () => void
  reject: (error: HAIPError) => void
}

export class Handshake {
  /** Whether the current link completed its handshake. */
  done = false
  #session = ""
  #serverInfo: HAIPServerInfo | undefined
  #resumeSession: string | undefined
  #deferred: Deferred | undefined
  #resumeFailedSeen = false
  #pendingHai: HAIPMessage | undefined
  /** Data frames that arrived before the handshake completed. */
  #early: HAIPMessage[] = []
  /** Frames that arrived before this side's HAI went out (a server that speaks first). */
  #beforeHai: string[] | undefined
  readonly #host: HandshakeHost

  constructor(host: HandshakeHost) {
    this.#host = host
  }

  /** The session id the server assigned ("" before the first handshake). */
  get session(): string {
    return this.#session
  }

  /** What the server's HAI announced. */
  get serverInfo(): HAIPServerInfo | undefined {
    return this.#serverInfo
  }

  /** The session this attempt asks to resume, if any. */
  get resumeSession(): string | undefined {
    return this.#resumeSession
  }

  /** A new attempt: forget what the previous one saw. */
  reset(): void {
    this.done = false
    this.#resumeFailedSeen = false
    this.#pendingHai = undefined
    this.#early = []
  }

  /**
   * The link is about to open: frames are held until this side's HAI is out. Returns the
   * promise the server's answer (or `reject`) settles.
   */
  start(resume: boolean): Promise<void> {
    const handshake = new Promise<void>((resolve, reject) => {
      this.#deferred = { resolve, reject }
    })
    // Settled by frames or timers, maybe before it is awaited.
    handshake.catch(() => undefined)
    this.#resumeSession = resume && this.#session !== "" ? this.#session : undefined
    this.#beforeHai = []
    return handshake
  }

  /** Holds a frame's text while this side's HAI has not gone out; false once it has. */
  hold(text: string): boolean {
    if (!this.#beforeHai) return false
    this.#beforeHai.push(text)
    return true
  }

  /** This side's HAI went out: the texts held meanwhile, to be handled now. */
  releaseHeld(): string[] {
    const held = this.#beforeHai ?? []
    this.#beforeHai = undefined
    return held
  }

  /** Fails the attempt (timeout, closed link, disconnect, refused credentials). */
  reject(error: HAIPError): void {
    this.#deferred?.reject(error)
  }

  /** A frame before the handshake completed: control frames act now, data frames wait. */
  receive(frame: HAIPMessage): void {
    if (!handshakeControl.has(frame.type)) {
      this.#early.push(frame)
      return
    }
    const { timers, outbox } = this.#host
    const payload = isRecord(frame.payload) ? frame.payload : {}
    if (frame.type === "PING") {
      outbox.sendControl("PONG", { nonce: payload.nonce ?? null })
      return
    }
    if (frame.type === "PONG") return
    if (frame.type === "ERROR") {
      const code = String(payload.code)
      const final = finalServerError(payload)
      if (final) {
        this.#host.fail(final)
        return
      }
      if (code === "RESUME_FAILED") {
        this.#resumeFailedSeen = true
        if (this.#pendingHai) {
          const pending = this.#pendingHai
          timers.set("resume", secondHaiWaitMs, () => this.#complete(pending, false))
        }
        return
      }
      this.#host.emit("error", serverError(payload))
      return
    }
    const outcome = greetingOutcome({
      resumeSession: this.#resumeSession,
      greetingSession: haiSession(frame),
      resumeFailedSeen: this.#resumeFailedSeen,
      serverResumes: this.#serverInfo?.resume === true,
    })
    if (outcome !== "wait") {
      this.#complete(frame, outcome === "resumed")
      return
    }
    this.#pendingHai = frame
    timers.set("resume", resumeWaitMs, () => this.#complete(frame, false))
  }

  /** A HAI after the handshake: a greeting for another session means the server started over. */
  receiveLateHai(frame: HAIPMessage): void {
    const session = haiSession(frame)
    if (session === "" || session === this.#session) return
    this.#startSession(frame, true)
  }

  #complete(frame: HAIPMessage, resumed: boolean): void {
    const host = this.#host
    if (this.done || !host.linked) return
    host.timers.clear("resume")
    host.timers.clear("handshake")
    const previousSession = this.#session
    const lost = !resumed && this.#resumeSession !== undefined
    const payload = isRecord(frame.payload) ? frame.payload : {}
    let released: HAIPMessage[] = []
    if (resumed) {
      this.#serverInfo = parseServerInfo(payload, this.#session)
      released = host.inbox.sequencer.markConsumed(seqNumber(frame.seq) ?? 0)
    } else {
      this.#startSession(frame, false)
    }
    const flowControl = heldCredits(this.#serverInfo)
    host.outbox.flow.reset(
      flowControl
        ? { messages: flowControl.initialCreditMessages, bytes: flowControl.initialCreditBytes }
        : undefined,
    )
    this.done = true
    host.opened()
    host.emit("handshake", payload)
    if (lost) {
      host.sessionLost()
      host.emit(
        "error",
        new HAIPError(
          "RESUME_FAILED",
          "The server could not resume the session; its transactions were closed and must be started again.",
          { retryable: true },
        ),
      )
      host.emit("sessionReset", { previousSession, session: this.#session })
    } else if (resumed) {
      host.emit("resumed", {
        session: this.#session,
        lastRxSeq: host.inbox.sequencer.lastDelivered,
      })
    }
    this.#deferred?.resolve()
    host.outbox.afterHandshake(resumed ? "resumed" : lost ? "lost" : "fresh")
    const early = this.#early
    this.#early = []
    host.inbox.deliver(released)
    for (const earlyFrame of early) host.inbox.accept(earlyFrame)
  }

  #startSession(frame: HAIPMessage, announce: boolean): void {
    const host = this.#host
    const previousSession = this.#session
    const session = haiSession(frame)
    this.#session = session
    this.#serverInfo = parseServerInfo(isRecord(frame.payload) ? frame.payload : {}, session)
    // Ordering, gap detection and replay only where the server resumes and its seqs are a
    // counter: the reference server's seq is opaque text (a timestamp and letters).
    const baseline = frame.seq === "" ? 0 : seqNumber(frame.seq)
    host.inbox.sequencer.reset({
      ordered: this.#serverInfo.resume && baseline !== undefined,
      baseline: baseline ?? 0,
    })
    host.outbox.startSession()
    if (announce && previousSession !== "") {
      host.sessionLost()
      host.emit("sessionReset", { previousSession, session })
    }
  }
}
