/**
 * A connection whose session's home is another instance, from the moment its resume is answered:
 * its frames go both ways through the shared store (a `Relay`), and when the home instance dies
 * this instance takes the session over and hands it to the link. Kept apart from link.ts so that
 * how relaying works changes here alone; the link is reached only through `RelayingLink`.
 */
import type { Admitted, ClientHello, RelayedAnswer } from "./handshake.js"
import type { LinkHost } from "./protocol-context.js"
import type { Relay } from "./relay.js"
import type { SentFrame } from "./replay-window.js"
import type { Session } from "./session.js"
import type { SharedSessions } from "./shared-sessions.js"
import type { HAIPErrorCode } from "./types.js"

/** What a relayed connection needs of its link. */
export interface RelayingLink {
  readonly isClosed: boolean
  /** Sends one of the session's frames to the client. */
  deliver(text: string, frame: SentFrame): void
  /** Sends an ERROR and closes the connection. */
  fatal(code: HAIPErrorCode, message: string, closeCode: number): void
  /** The relay ended (its home died): the client's frames are held until the takeover ends. */
  awaitTakeover(): void
  /** The session was taken over here: the link serves it, from seq `replayFrom` on. */
  tookOver(session: Session, hello: ClientHello, replayFrom: number): void
}

export class RelayedLink {
  private readonly relay: Relay
  private readonly hello: ClientHello
  private readonly admitted: Admitted

  constructor(
    private readonly host: Pick<LinkHost, "log" | "abandoned">,
    private readonly shared: SharedSessions,
    { remote, hello, admitted }: RelayedAnswer,
    private readonly link: RelayingLink,
  ) {
    this.hello = hello
    this.admitted = admitted
    const from = Number(hello.frame.payload?.last_rx_seq ?? 0) + 1
    this.relay = shared.relay(remote.record, from, hello.frame, {
      frame: (frame) => link.deliver(frame.text, frame),
      homeLost: () => {
        this.takeOver().catch((error: unknown) => this.storeFailed(error))
      },
      failed: (error) => this.storeFailed(error),
    })
  }

  /** A frame from the client, for the home instance. */
  forward(text: string): void {
    this.relay.forward(text)
  }

  /** The client left: the home instance lets the session wait for a resume. */
  close(): void {
    this.relay.close()
  }

  /** The home instance died while relaying: this one takes the session over. */
  private async takeOver(): Promise<void> {
    this.link.awaitTakeover()
    const session = await this.shared.adopt(this.relay.record, this.admitted.identity)
    if (this.link.isClosed) {
      // The client left during the takeover: the session is no one's, and must still expire.
      if (session) this.host.abandoned(session)
      return
    }
    if (!session) {
      this.link.fatal(
        "RESUME_FAILED",
        "The session moved to another server; resume it again.",
        1012,
      )
      return
    }
    session.user = this.admitted.user
    this.link.tookOver(session, this.hello, this.relay.next)
  }

  private storeFailed(error: unknown): void {
    this.host.log("the session store failed", error)
    this.link.fatal(
      "RESUME_FAILED",
      "The server lost its session store; reconnect and resume the session.",
      1011,
    )
  }
}
