/**
 * The frames a session has sent, kept so a client that lost some can have them again
 * (`REPLAY_REQUEST`, or `last_rx_seq` when it resumes).
 */
import type { BudgetAccount, BudgetHolder } from "./budget.js"

/** One sent frame, kept encoded: replaying sends the exact bytes again. */
export interface SentFrame {
  seq: number
  text: string
  channel: string
  /** The transaction it belongs to (REPLAY_REQUEST inside a transaction replays only those). */
  transaction?: string
  type: string
  sentAt: number
}

/** Limits of a {@link ReplayWindow}. */
export interface ReplayWindowOptions {
  /** Frames always kept, whatever their age (default 1000). */
  minFrames?: number
  /** Frames younger than this are kept too, in ms (default 5 minutes). */
  maxAgeMs?: number
  /** Never more than this many frames, however young (default 10,000). */
  maxFrames?: number
  /** Never more than this many bytes of frames, even below `minFrames` (default 16 MiB). */
  maxBytes?: number
  /** The session's memory account: kept bytes count there, and it may take the oldest back. */
  account?: BudgetAccount | undefined
}

/**
 * Keeps at least `minFrames` frames, and beyond them every frame younger than `maxAgeMs` that
 * the client has not acknowledged, bounded by `maxFrames`; never more than `maxBytes` (nor
 * than the session's memory budget lets it keep), however few frames that leaves.
 */
export class ReplayWindow implements BudgetHolder {
  private readonly frames: SentFrame[] = []
  private head = 0
  private bytes = 0
  private readonly minFrames: number
  private readonly maxAgeMs: number
  private readonly maxFrames: number
  private readonly maxBytes: number
  /** The client's cumulative ack: frames up to it arrived, so beyond `minFrames` they may go. */
  private acked = 0
  private readonly account: BudgetAccount | undefined

  constructor(options: ReplayWindowOptions = {}) {
    this.account = options.account
    this.account?.add(this)
    this.minFrames = options.minFrames ?? 1000
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000
    this.maxFrames = Math.max(options.maxFrames ?? 10_000, this.minFrames)
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024
  }

  /** Number of frames held. */
  get size(): number {
    return this.frames.length - this.head
  }

  /** The oldest seq still held, or undefined when empty. */
  get firstSeq(): number | undefined {
    return this.frames[this.head]?.seq
  }

  /** Adds a frame just sent; seqs must increase. */
  add(frame: SentFrame): void {
    this.frames.push(frame)
    this.bytes += frame.text.length
    // Charged before pruning: every frame held is counted, even one pruned at once.
    this.account?.charge(frame.text.length)
    this.prune(frame.sentAt)
  }

  /** Drops the oldest frame (the memory budget asks); the bytes freed. */
  evictOldest(): number {
    const oldest = this.frames[this.head]
    if (!oldest) return 0
    this.dropOldest()
    return oldest.text.length
  }

  /** Gives the account back every byte (the session ends). */
  clear(): void {
    while (this.size > 0) this.dropOldest()
    this.account?.remove(this)
  }

  /** Records the client's cumulative ack; frames it covers no longer need the age rule. */
  acknowledge(seq: number, now = Date.now()): void {
    if (seq > this.acked) {
      this.acked = seq
      this.prune(now)
    }
  }

  /** Frames with `from <= seq <= to`, oldest first. */
  range(from: number, to = Number.POSITIVE_INFINITY): SentFrame[] {
    const result: SentFrame[] = []
    for (let index = this.findIndex(from); index < this.frames.length; index++) {
      const frame = this.frames[index]!
      if (frame.seq > to) break
      result.push(frame)
    }
    return result
  }

  /** Whether every frame from `from` on is still held (so a replay from there is complete). */
  covers(from: number, lastSeq: number): boolean {
    if (from > lastSeq) return true
    const first = this.firstSeq
    return first !== undefined && first <= from
  }

  private findIndex(seq: number): number {
    let low = this.head
    let high = this.frames.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.frames[middle]!.seq < seq) low = middle + 1
      else high = middle
    }
    return low
  }

  private prune(now: number): void {
    // The byte cap beats minFrames: a thousand frames of a megabyte each are not "a few frames".
    while (this.size > 1 && this.bytes > this.maxBytes) this.dropOldest()
    while (this.size > this.minFrames) {
      const oldest = this.frames[this.head]!
      const young = now - oldest.sentAt < this.maxAgeMs
      if (this.size <= this.maxFrames && young && oldest.seq > this.acked) break
      this.dropOldest()
    }
  }

  private dropOldest(): void {
    const oldest = this.frames[this.head]!
    this.bytes -= oldest.text.length
    this.account?.release(oldest.text.length)
    this.frames[this.head] = undefined as unknown as SentFrame
    this.head++
    // Compact now and then so the array does not grow forever.
    if (this.head > 1024 && this.head * 2 > this.frames.length) {
      this.frames.splice(0, this.head)
      this.head = 0
    }
  }
}
