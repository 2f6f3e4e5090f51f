/**
 * The relaying side of a shared session: a client attached to this instance whose session's home
 * is another one. Its frames go to the home instance through the store's inbox, the session's
 * frames come back from the store's tail, and the home's heartbeat is watched so that a dead home
 * can be taken over.
 */
import { randomUUID } from "node:crypto"
import type { SentFrame } from "./replay-window.js"
import type { FrameTail, SessionStore, StoredSession } from "./session-store.js"
import type { HAIPMessage } from "./types.js"

/** What a relaying link hears. */
export interface RelayEvents {
  frame(frame: SentFrame): void
  /** The home instance died; the relay is closed and the session may be taken over. */
  homeLost(): void
  failed(error: Error): void
}

/** A client attached here to a session whose home is another instance. */
export class Relay {
  private readonly tail: FrameTail
  private readonly watch: NodeJS.Timeout
  private readonly via = randomUUID()
  private closed = false
  /** The next seq the client is due. */
  next: number

  constructor(
    private readonly store: SessionStore,
    readonly record: StoredSession,
    from: number,
    hai: HAIPMessage,
    events: RelayEvents,
  ) {
    this.next = from
    store.sendInbound(record.id, { kind: "attach", via: this.via, hai })
    const onFrame = (frame: SentFrame) => {
      this.next = frame.seq + 1
      events.frame(frame)
    }
    this.tail = store.tailFrames(record.id, from, onFrame, (error) => events.failed(error))
    this.watch = setInterval(() => {
      store.isAlive(record.home).then((alive) => {
        if (alive || this.closed) return
        this.stop()
        events.homeLost()
      }, events.failed)
    }, store.heartbeatMs)
    this.watch.unref?.()
  }

  forward(text: string): void {
    if (!this.closed) {
      this.store.sendInbound(this.record.id, { kind: "frame", via: this.via, text })
    }
  }

  /** The client left: the home instance lets the session wait for a resume. */
  close(): void {
    if (this.closed) return
    this.stop()
    this.store.sendInbound(this.record.id, { kind: "detach", via: this.via })
  }

  private stop(): void {
    this.closed = true
    clearInterval(this.watch)
    this.tail.close()
  }
}
