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
  private reading = false
  private again = false

  constructor(
    private readonly client: Redis,
    private readonly key: string,
    private readonly handler: (message: InboundMessage) => void,
    private readonly onError: (error: Error) => void,
  ) {
    // Only messages sent from now on: older ones were for an earlier home of the session.
    client.xrevrange(key, "+", "-", "COUNT", 1).then((entries) => {
      this.last = entries[0]?.[0] ?? "0-0"
      this.read()
    }, onError)
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

  read(): void {
    if (this.last === "") return
    if (this.reading) {
      this.again = true
      return
    }
    this.reading = true
    this.client
      .xrange(this.key, `(${this.last}`, "+", "COUNT", PAGE)
      .then((entries) => {
        for (const [id, fields] of entries) {
          this.last = id
          const text = fields[1]
          if (text !== undefined) this.handle(text)
        }
        this.reading = false
        if (this.again || entries.length === PAGE) {
          this.again = false
          this.read()
        }
      })
      .catch((error: Error) => {
        this.reading = false
        this.onError(error)
      })
  }
}
