/**
 * Inbound ordering: drops duplicates, holds frames that arrive after a gap until the gap
 * fills, and says which range to ask the server to replay. Pure bookkeeping, no timers: the
 * client decides when a gap has lasted long enough.
 *
 * Two modes. With a server whose seq is a per-session counter (`ordered`), frames are
 * delivered strictly in seq order. With a reference server (seq is opaque text such as a
 * timestamp followed by letters, never consecutive), frames are delivered as they come and
 * duplicates are recognised by frame id. A seq is only ever read as a number when it is
 * decimal digits ({@link seqNumber}).
 */
import { isDecimalSeq } from "./envelope.js"

/** A seq as a number when it is decimal digits (a counter value), else `undefined`. */
export function seqNumber(seq: string): number | undefined {
  if (!isDecimalSeq(seq)) return undefined
  const value = Number(seq)
  return Number.isSafeInteger(value) ? value : undefined
}

/** What to do with an arriving frame. */
export type SequencerVerdict<T> =
  /** Deliver these frames now, in this order (the arriving one and any it unblocked). */
  | { kind: "deliver"; frames: T[] }
  /** Already delivered or already held: drop it. */
  | { kind: "duplicate" }
  /** Held until the frames before it arrive. */
  | { kind: "held" }

const recentIdLimit = 2048

export class Sequencer<T extends { id: string; seq: string }> {
  #ordered = false
  #lastDelivered = 0
  /** Frames held after a gap, by seq; `null` marks a seq consumed out of band (a HAI). */
  readonly #held = new Map<number, T | null>()
  readonly #recentIds = new Set<string>()
  #maxHeld: number

  constructor(options: { maxHeld?: number } = {}) {
    this.#maxHeld = options.maxHeld ?? 10_000
  }

  /** Whether frames are ordered by a seq counter. */
  get ordered(): boolean {
    return this.#ordered
  }

  /** The highest seq delivered in order (what `ack` and `last_rx_seq` report). */
  get lastDelivered(): number {
    return this.#lastDelivered
  }

  /** How many frames wait for a gap to fill. */
  get heldCount(): number {
    return this.#held.size
  }

  /** Starts a fresh session: forgets everything; `baseline` is the seq already consumed. */
  reset(options: { ordered: boolean; baseline?: number }): void {
    this.#ordered = options.ordered
    this.#lastDelivered = options.baseline ?? 0
    this.#held.clear()
    this.#recentIds.clear()
  }

  /**
   * Records a seq that was consumed outside the ordered stream (a handshake frame) and
   * returns the held frames that this unblocks.
   */
  markConsumed(seq: number): T[] {
    if (!this.#ordered || !Number.isSafeInteger(seq) || seq <= this.#lastDelivered) return []
    if (!this.#held.has(seq)) this.#held.set(seq, null)
    const frames: T[] = []
    this.#drain(frames)
    return frames
  }

  /** Decides what happens to an arriving frame. */
  accept(frame: T): SequencerVerdict<T> {
    if (!this.#ordered) return this.#acceptUnordered(frame)
    const seq = seqNumber(frame.seq)
    // A frame without a decimal seq (or seq 0: outside the session's sequence, such as an
    // ERROR before the handshake) cannot be ordered; deliver it (ids still catch repeats).
    if (seq === undefined || seq === 0) return this.#acceptUnordered(frame)
    if (seq <= this.#lastDelivered || this.#held.has(seq)) return { kind: "duplicate" }
    if (seq !== this.#lastDelivered + 1) {
      if (this.#held.size >= this.#maxHeld) {
        // Cannot hold more: the oldest held frames are the closest to delivery, so keep them.
        return { kind: "duplicate" }
      }
      this.#held.set(seq, frame)
      return { kind: "held" }
    }
    this.#lastDelivered = seq
    const frames = [frame]
    this.#drain(frames)
    return { kind: "deliver", frames }
  }

  /** The missing range before the first held frame, or `undefined` when nothing is missing. */
  missingRange(): { from: number; to: number } | undefined {
    if (this.#held.size === 0) return undefined
    let first = Number.POSITIVE_INFINITY
    for (const seq of this.#held.keys()) if (seq < first) first = seq
    return { from: this.#lastDelivered + 1, to: first - 1 }
  }

  /** Gives up on a gap: delivers what is held, in order, skipping the missing seqs. */
  skipGap(): T[] {
    const range = this.missingRange()
    if (!range) return []
    this.#lastDelivered = range.to
    const frames: T[] = []
    this.#drain(frames)
    return frames
  }

  #drain(into: T[]): void {
    for (;;) {
      const next = this.#lastDelivered + 1
      if (!this.#held.has(next)) return
      const held = this.#held.get(next)
      this.#held.delete(next)
      this.#lastDelivered = next
      if (held) into.push(held)
    }
  }

  #acceptUnordered(frame: T): SequencerVerdict<T> {
    if (this.#recentIds.has(frame.id)) return { kind: "duplicate" }
    this.#recentIds.add(frame.id)
    if (this.#recentIds.size > recentIdLimit) {
      const oldest = this.#recentIds.values().next().value
      if (oldest !== undefined) this.#recentIds.delete(oldest)
    }
    const seq = seqNumber(frame.seq)
    if (seq !== undefined && seq > this.#lastDelivered) this.#lastDelivered = seq
    return { kind: "deliver", frames: [frame] }
  }
}
