/**
 * The client frames (and attach/detach notices) for a session whose home is this instance, as
 * relaying instances left them in the session's inbound stream: read in order, each once.
 */
import type { Redis } from "ioredis"
import type { InboundMessage } from "../session-store.js"

/** Entries read at a time. */
const PAGE = 500

/** The messages for one session this instance is home to, read from its stream in order. */
export class Inbox {
  /** The id of the last entry handled ("" until the stream's end is known). */
  private last = ""
  /** The stream's end could not be learnt: nothing is read, and nobody should wait for it. */
  private broken = false
  private reading = false
  private again = false
  /** Callers of `caughtUp` waiting for a read that starts after their call. */
  private waiting: Array<() => void> = []
  /** Those a read in flight answers: it started after they asked. */
  private answering: Array<() => void> = []

  constructor(
    private readonly client: Redis,
    readonly key: string,
    private readonly handler: (message: InboundMessage) => void,
    private readonly onError: (error: Error) => void,
  ) {
    // Only messages sent from now on: older ones were for an earlier home of the session.
    client.xrevrange(key, "+", "-", "COUNT", 1).then(
      (entries) => {
        this.last = entries[0]?.[0] ?? "0-0"
        this.read()
      },
      (error: Error) => {
        this.broken = true
        for (const resolve of this.waiting.splice(0)) resolve()
        onError(error)
      },
    )
  }

  /** One entry: a message that is not JSON (not ours) is reported and skipped. */
  private handle(text: string): void {
    let message: InboundMessage
    try {
      message = JSON.parse(text) as InboundMessage
    } catch {
      this.onError(new Error(`an entry of ${this.key} was not JSON; skipped`))
      return
    }
    this.handler(message)
  }

  /**
   * Settles once every message in the stream when it is called has been handled (or reading
   * failed, which was reported): a read issued later on the same connection sees them all.
   */
  caughtUp(): Promise<void> {
    if (this.broken) return Promise.resolve()
    return new Promise((resolve) => {
      this.waiting.push(resolve)
      this.read()
    })
  }

  read(): void {
    if (this.last === "") return
    if (this.reading) {
      this.again = true
      return
    }
    this.reading = true
    this.answering.push(...this.waiting.splice(0))
    this.client
      .xrange(this.key, `(${this.last}`, "+", "COUNT", PAGE)
      .then((entries) => {
        for (const [id, fields] of entries) {
          this.last = id
          const text = fields[1]
          if (text !== undefined) this.handle(text)
        }
        this.reading = false
        if (entries.length === PAGE) {
          // More of what was there when they asked: they wait for the next page too.
          this.waiting.unshift(...this.answering.splice(0))
        } else {
          for (const resolve of this.answering.splice(0)) resolve()
        }
        if (this.again || entries.length === PAGE) {
          this.again = false
          this.read()
        }
      })
      .catch((error: Error) => {
        this.reading = false
        // Nobody waits on a read that failed: the error is reported, the handshake goes on.
        for (const resolve of this.answering.splice(0)) resolve()
        for (const resolve of this.waiting.splice(0)) resolve()
        this.onError(error)
      })
  }
}
