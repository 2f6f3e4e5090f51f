/**
 * Sessions across instances, over a shared `SessionStore`. A session runs on its home instance
 * (the one that opened it): its transactions and runs live there only, so a run never executes
 * on two instances. Every frame it sends goes to the store. A client that resumes on another
 * instance is relayed: that instance sends it the stored frames and every new one (once, in
 * order) and passes its frames to the home instance. When the home instance is dead, the first
 * instance to notice takes the session over: the runs that were interrupted end with an error
 * the client sees, and nothing runs again by itself.
 */
import { decodeFrame } from "./frames.js"
import { readClientHello, serveAsHelloAsks } from "./handshake.js"
import type { HAIPServerOptions } from "./options.js"
import { handleFrame } from "./protocol.js"
import { type LinkHost, sendError } from "./protocol-context.js"
import { Relay, type RelayEvents } from "./relay.js"
import type { SentFrame } from "./replay-window.js"
import type { FrameOutput, Session } from "./session.js"
import {
  type InboundMessage,
  memoryStore,
  type SessionStore,
  type StoredSession,
  type StoredWindow,
} from "./session-store.js"
import { endInterruptedRuns } from "./takeover.js"
import type { HAIPMessage } from "./types.js"

/** What the shared sessions need from the registry. */
export interface SharedHost extends LinkHost {
  /** A session with this id whose frames continue after `lastSeq` (a takeover). */
  restoreSession(id: string, lastSeq: number): Session
  /** A client on another instance is attached: its link here (if any) goes. */
  attachRemote(session: Session, output: FrameOutput): void
  /** That client left: the session waits for a resume for its TTL. */
  detachRemote(session: Session, output: FrameOutput): void
}

/** The home side's stand-in for a client attached elsewhere: its frames reach it through the store. */
class RemoteOutput implements FrameOutput {
  constructor(readonly via: string) {}
  deliver(): void {}
}

/** How a resume of a session not held here ends. */
export type SharedResume =
  | { kind: "failed"; message: string }
  | { kind: "relay"; record: StoredSession; lastSeq: number }
  | { kind: "adopted"; session: Session; replayFrom: number }

const NOT_RESUMABLE = (id: string) =>
  `Session ${id} cannot be resumed (it has expired, never existed or was opened by another identity); a new session starts: reopen transactions and reload conversations.`

/**
 * The shared sessions of a server whose store is shared, or undefined with an in-memory one. The
 * store keeps frames for the longer of the replay window and the session TTL (at least 10,000).
 */
export function sharedSessionsFor(
  options: HAIPServerOptions,
  host: SharedHost,
): SharedSessions | undefined {
  const store = options.store ?? memoryStore()
  if (!store.shared) return undefined
  const sessionTtlMs = options.sessionTtlMs ?? 5 * 60_000
  const window: StoredWindow = {
    maxFrames: Math.max(options.replayWindowSize ?? 1000, 10_000),
    maxAgeMs: Math.max(options.replayWindowTime ?? 5 * 60_000, sessionTtlMs),
  }
  return new SharedSessions(store, host, window, sessionTtlMs)
}

export class SharedSessions {
  private readonly subscriptions = new Map<Session, () => void>()
  private readonly remotes = new Map<Session, RemoteOutput>()
  private stopped = false

  constructor(
    readonly store: SessionStore,
    private readonly host: SharedHost,
    private readonly window: StoredWindow,
    private readonly ttlMs: number,
  ) {}

  /**
   * An authenticated session: this instance listens for its clients elsewhere, and the store
   * learns it. Settles once the store has it (never rejects): the client must not hear of its
   * session before then, or a resume on another instance at once would not find it.
   */
  opened(session: Session, identity: string | undefined): Promise<void> {
    // Listening starts first: on a store that keeps one connection's commands in order (Redis
    // does), the save's answer then means the inbox's start is fixed, so no frame a relaying
    // instance sends after the client heard of the session is taken for an older one.
    if (!this.stopped && !this.subscriptions.has(session)) {
      const unsubscribe = this.store.onInbound(session.id, (message) =>
        this.inbound(session, message),
      )
      this.subscriptions.set(session, unsubscribe)
    }
    return this.save({ id: session.id, owner: identity ?? "", home: this.store.instanceId })
  }

  /** Its client left: the stored session lives as long as the local one waits. */
  departed(session: Session, identity: string | undefined): void {
    if (!session.authenticated) return
    this.save({ id: session.id, owner: identity ?? "", home: this.store.instanceId })
  }

  /** The server stops: its sessions stay in the store for another instance to take over. */
  stop(): void {
    this.stopped = true
    for (const unsubscribe of this.subscriptions.values()) unsubscribe()
    this.subscriptions.clear()
    this.remotes.clear()
  }

  forgotten(session: Session): void {
    if (this.stopped) return
    const unsubscribe = this.subscriptions.get(session)
    if (!unsubscribe) return
    unsubscribe()
    this.subscriptions.delete(session)
    this.remotes.delete(session)
    this.store.deleteSession(session.id).catch((error: unknown) => {
      this.host.log(`session ${session.id} could not be removed from the store`, error)
    })
  }

  /** The client attached to this instance again: its relay elsewhere no longer gets frames. */
  returned(session: Session): void {
    const output = this.remotes.get(session)
    if (!output) return
    this.remotes.delete(session)
    session.detach(output)
  }

  /**
   * Settles once this home has handled every message relays sent for the session so far. A
   * client resuming here awaits it: the attach of a relay it left a moment ago, handled after
   * this resume, would take the session from the new connection and close it.
   */
  async caughtUp(session: Session): Promise<void> {
    if (this.subscriptions.has(session)) await this.store.inboundCaughtUp?.(session.id)
  }

  /**
   * The sessions homed here whose client is attached through a relay on another instance: this
   * instance numbers their frames, so it sends them the heartbeat's PINGs.
   */
  relayedSessions(): Iterable<Session> {
    return this.remotes.keys()
  }

  mirror(session: Session, frame: SentFrame): void {
    if (session.authenticated) this.store.appendFrame(session.id, frame, this.window)
  }

  /** A resume of a session this instance does not hold. */
  async resume(id: string, lastRx: number, identity: string | undefined): Promise<SharedResume> {
    const record = await this.store.loadSession(id)
    if (!record || record.owner !== (identity ?? "")) {
      return { kind: "failed", message: NOT_RESUMABLE(id) }
    }
    if (!(await this.store.isAlive(record.home))) {
      const session = await this.adopt(record, identity)
      if (session) return this.resumeAdopted(session, lastRx)
      return this.resume(id, lastRx, identity)
    }
    const frames = await this.store.readFrames(id, lastRx + 1)
    const first = frames[0]
    if (first !== undefined && first.seq > lastRx + 1) {
      return {
        kind: "failed",
        message: `Session ${id} cannot be resumed (frames after seq ${lastRx} are no longer kept); a new session starts: reopen transactions and reload conversations.`,
      }
    }
    return { kind: "relay", record, lastSeq: frames.at(-1)?.seq ?? lastRx }
  }

  private resumeAdopted(session: Session, lastRx: number): SharedResume {
    if (lastRx > session.lastSeq || !session.replay.covers(lastRx + 1, session.lastSeq)) {
      return {
        kind: "failed",
        message: `Session ${session.id} cannot be resumed (frames after seq ${lastRx} are no longer kept); a new session starts: reopen transactions and reload conversations.`,
      }
    }
    return { kind: "adopted", session, replayFrom: lastRx + 1 }
  }

  /**
   * Takes over the session of a dead instance: its frames continue here, and each run it left
   * unfinished ends with an error. Undefined when another instance took it first.
   */
  async adopt(record: StoredSession, identity: string | undefined): Promise<Session | undefined> {
    const won = await this.store.takeOver(record.id, record.home, this.store.instanceId)
    if (!won) return undefined
    this.host.log(`session ${record.id} taken over from instance ${record.home}, which is gone`)
    const frames = await this.store.readFrames(record.id, 1)
    const session = this.host.restoreSession(record.id, frames.at(-1)?.seq ?? 0)
    for (const frame of frames) session.replay.add(frame)
    session.authenticated = true
    this.host.bindOwner(session, identity)
    this.opened(session, identity)
    endInterruptedRuns(session, frames)
    return session
  }

  /** Relays a client here to the session's home instance. */
  relay(record: StoredSession, from: number, hai: HAIPMessage, events: RelayEvents): Relay {
    return new Relay(this.store, record, from, hai, events)
  }

  private save(record: StoredSession): Promise<void> {
    return this.store.saveSession(record, this.ttlMs).catch((error: unknown) => {
      this.host.log(`session ${record.id} could not be saved in the store`, error)
    })
  }

  private inbound(session: Session, message: InboundMessage): void {
    if (message.kind === "attach") {
      const output = new RemoteOutput(message.via)
      this.remotes.set(session, output)
      // The relaying instance passed the client's HAI on: serve the client as it asked there.
      const hello = readClientHello(message.hai as HAIPMessage)
      serveAsHelloAsks(session, hello)
      this.host.attachRemote(session, output)
      session.attach(output, hello.grant)
      return
    }
    const output = this.remotes.get(session)
    if (output?.via !== message.via) return
    if (message.kind === "detach") {
      this.remotes.delete(session)
      this.host.detachRemote(session, output)
      return
    }
    this.host.countReceived()
    const decoded = decodeFrame(message.text, this.host.maxFrameBytes)
    if (decoded.ok) handleFrame(this.host, session, decoded.frame)
    else sendError(session, decoded.problem.code, decoded.problem.message)
  }
}
