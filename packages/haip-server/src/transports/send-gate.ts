/**
 * Send back-pressure: a client that does not read lets the server's socket buffer grow (every
 * frame sent to it, every replay it asks for, waits there). Over a high-water mark the server
 * stops sending to it (frames wait in the session, where tools already wait for room) and stops
 * reading from it, so it cannot ask for more; a client that stays over the mark is closed.
 */
import type { Connection } from "./connection.js"

/** Settings of a {@link SendGate}. */
export interface SendGateOptions {
  /** Buffered bytes above which sending and reading stop. */
  highWaterBytes: number
  /** How long the buffer may stay above the mark before the connection is closed, in ms. */
  stallTimeoutMs: number
  /** The buffer drained to half the mark: sending and reading go on. */
  onDrain(): void
  /** The buffer stayed over the mark for `stallTimeoutMs`: the connection was closed. */
  onStall(): void
}

/** How often a congested connection's buffer is looked at, in ms. */
const POLL_MS = 20

export class SendGate {
  private congestedSince: number | undefined
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly connection: Connection,
    private readonly options: SendGateOptions,
  ) {}

  /** True while the buffer is over the mark: nothing more is sent or read. */
  get congested(): boolean {
    return this.congestedSince !== undefined
  }

  /** Looks at the buffer after a send; over the mark, stops sending and reading. */
  check(): void {
    if (this.congestedSince !== undefined) return
    if (this.buffered() <= this.options.highWaterBytes) return
    this.congestedSince = Date.now()
    this.connection.pauseReading?.()
    // Polled rather than driven by 'drain': every transport has a byte count, not every one
    // has a drain event we can reach (ws keeps its socket to itself).
    this.timer = setInterval(() => this.poll(), POLL_MS)
    this.timer.unref?.()
  }

  /** The connection is gone. */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private poll(): void {
    const since = this.congestedSince
    if (since === undefined) {
      this.stop()
      return
    }
    if (this.buffered() <= this.options.highWaterBytes / 2) {
      this.stop()
      this.congestedSince = undefined
      this.connection.resumeReading?.()
      this.options.onDrain()
    } else if (Date.now() - since >= this.options.stallTimeoutMs) {
      this.stop()
      // Dropped at once where the transport can: its buffered bytes would never go anyway.
      if (this.connection.terminate) this.connection.terminate()
      else this.connection.close(1008, "the client does not read")
      this.options.onStall()
    }
  }

  private buffered(): number {
    return this.connection.bufferedBytes?.() ?? 0
  }
}
