/**
 * The client's receiving side after the handshake: credits accounted and granted back,
 * frames put in seq order without duplicates, gaps asked for with REPLAY_REQUEST (and
 * skipped, reported, if they never come), and acks sent often enough.
 */

import type { HAIPWarning } from "./connection-events.js"
import { HAIPError } from "./errors.js"
import type { FlowControl } from "./flow-control.js"
import { Sequencer, seqNumber } from "./sequencer.js"
import { Timers } from "./timers.js"
import type { HAIPChannel, HAIPMessage } from "./types.js"

/** How long after a REPLAY_REQUEST missing frames are given up on. */
const gapGiveUpMs = 5000

/** What the inbox needs from the connection. */
export interface InboxHost {
  readonly replayGapDelay: number
  readonly ackEvery: number
  /** Whether the server announced flow control (and so must respect this side's credits). */
  readonly serverLimited: boolean
  /**
   * Whether the server reads this side's FLOW_UPDATE grants. A reference-generation server
   * ignores the client's credits, and its 1.0.1 answers a FLOW_UPDATE outside a transaction
   * with ERROR TRANSACTION_NOT_FOUND: it gets none.
   */
  readonly grantsHeeded: boolean
  /** Whether the connection has failed for good (nothing more is delivered). */
  readonly halted: boolean
  sendControl(type: HAIPMessage["type"], payload: unknown): void
  error(error: HAIPError): void
  warn(warning: HAIPWarning): void
  /** A frame delivered in order. */
  handle(frame: HAIPMessage): void
}

export class Inbox {
  readonly sequencer = new Sequencer<HAIPMessage>()
  readonly #host: InboxHost
  readonly #flow: FlowControl<unknown>
  readonly #timers = new Timers()
  /** Frames delivered since the last frame this side sent (which carried the ack). */
  #unacked = 0

  constructor(host: InboxHost, flow: FlowControl<unknown>) {
    this.#host = host
    this.#flow = flow
  }

  /** Charges a data frame to the credits this side granted, granting back when half are used. */
  account(channel: HAIPChannel, bytes: number): void {
    const { overrun, grant } = this.#flow.receive(channel, bytes)
    if (overrun && this.#host.serverLimited) {
      this.#host.error(
        new HAIPError(
          "FLOW_CONTROL",
          `The server sent more on ${channel} than the credits the client granted.`,
        ),
      )
      this.#host.sendControl("ERROR", {
        code: "FLOW_CONTROL_VIOLATION",
        message: `Credits on ${channel} exceeded.`,
      })
    }
    if (grant && this.#host.grantsHeeded) {
      this.#host.sendControl("FLOW_UPDATE", {
        channel: grant.channel,
        add_messages: grant.addMessages,
        add_bytes: grant.addBytes,
      })
    }
  }

  /** Takes a frame of the session: delivered now, held for a gap, or dropped as a repeat. */
  accept(frame: HAIPMessage): void {
    if (this.sequencer.ordered && frame.seq !== "" && seqNumber(frame.seq) === undefined) {
      this.#host.warn({
        code: "UNORDERED_FRAME",
        message: `The ${frame.type} frame's seq ${JSON.stringify(frame.seq.slice(0, 40))} is not a number like the server's others; it was delivered as it came, outside the seq order.`,
        frameId: frame.id,
        frameType: frame.type,
      })
    }
    const verdict = this.sequencer.accept(frame)
    if (verdict.kind === "duplicate") return
    if (verdict.kind === "held") {
      this.#watchGap()
      return
    }
    this.deliver(verdict.frames)
    if (this.sequencer.heldCount === 0) {
      this.#timers.clear("gap")
      this.#timers.clear("gap-give-up")
    }
  }

  /** A frame of the session that arrived and was skipped (too large): the ones after it go on. */
  skipped(seq: number): void {
    this.deliver(this.sequencer.markConsumed(seq))
  }

  /** Hands frames to the connection in order, acking every `ackEvery`. */
  deliver(frames: HAIPMessage[]): void {
    for (const frame of frames) {
      if (this.#host.halted) return
      this.#unacked++
      this.#host.handle(frame)
    }
    if (this.sequencer.ordered && this.#unacked >= this.#host.ackEvery) this.#sendAck()
  }

  /** A frame left this side (it carried the ack). */
  written(): void {
    this.#unacked = 0
  }

  /** Acks what arrived since the last frame sent, if anything did (called every second). */
  ackIfDue(): void {
    if (this.sequencer.ordered && this.#unacked > 0) this.#sendAck()
  }

  /** Stops waiting for gaps (the link closed). */
  stop(): void {
    this.#timers.clearAll()
  }

  #sendAck(): void {
    this.#host.sendControl("FLOW_UPDATE", { channel: "SYSTEM", add_messages: 0, add_bytes: 0 })
  }

  #watchGap(): void {
    if (this.#timers.has("gap")) return
    this.#timers.set("gap", this.#host.replayGapDelay, () => {
      const range = this.sequencer.missingRange()
      if (!range) return
      this.#host.sendControl("REPLAY_REQUEST", {
        from_seq: String(range.from),
        to_seq: String(range.to),
      })
      this.#timers.set("gap-give-up", gapGiveUpMs, () => {
        this.#timers.clear("gap")
        const lost = this.sequencer.missingRange()
        if (!lost) return
        this.#host.error(
          new HAIPError(
            "REPLAY_TOO_OLD",
            `Frames ${lost.from} to ${lost.to} never arrived, even after a replay request; they are skipped.`,
          ),
        )
        this.deliver(this.sequencer.skipGap())
      })
    })
  }
}
