/**
 * Credit-based flow control in both directions, per channel, in messages and bytes.
 *
 * Outbound: the peer grants credits in its HAI and in FLOW_UPDATE frames; a data frame
 * without credit waits in a FIFO queue (never dropped, never an error) and leaves as soon as
 * credits arrive. A peer that announced no flow control (the reference server) is never
 * waited for. Outbound frames larger than the peer's whole byte window still leave once the
 * window is full again, so one big frame cannot stall a channel forever.
 *
 * Inbound: this side grants credits and gives them back with FLOW_UPDATE once half of them
 * are used, so a steady stream never stalls. Because frames are consumed as they arrive,
 * the grant goes out at once and a window can only be overrun by a peer that ignores
 * credits altogether (`overrun` reports a frame that arrives when the window is spent).
 */
import type { HAIPChannel } from "./types.js"

/** Credits granted for one channel. */
export interface Credits {
  messages: number
  bytes: number
}

/** A FLOW_UPDATE this side should send. */
export interface CreditGrant {
  channel: HAIPChannel
  addMessages: number
  addBytes: number
}

/**
 * How queued frames leave: `measure` encodes a frame as it would go now (its size depends
 * on the seq it gets) and `write` sends it. Each frame is measured right before it is written.
 */
export interface FlowIO<T> {
  measure(item: T): number
  write(item: T, bytes: number): void
}

interface InboundWindow {
  remainingMessages: number
  remainingBytes: number
  usedMessages: number
  usedBytes: number
}

export class FlowControl<T> {
  #peerGrant: Credits | undefined
  readonly #outbound = new Map<HAIPChannel, Credits>()
  readonly #queues = new Map<HAIPChannel, T[]>()
  readonly #paused = new Set<HAIPChannel>()
  readonly #inbound = new Map<HAIPChannel, InboundWindow>()
  readonly #grant: Credits

  /** `grant` is what this side gives the peer per channel. */
  constructor(grant: Credits) {
    this.#grant = { messages: Math.max(1, grant.messages), bytes: Math.max(1, grant.bytes) }
  }

  /** The credits this side grants per channel (announced in its HAI). */
  get granted(): Readonly<Credits> {
    return this.#grant
  }

  /** Whether the peer enforces credits on what this side sends. */
  get peerLimits(): boolean {
    return this.#peerGrant !== undefined
  }

  /**
   * Starts over after a handshake: the peer's initial grant (`undefined` when it does no
   * flow control) for every channel, and fresh inbound windows. Queued frames stay queued;
   * call {@link releasable} to send what the new credits allow.
   */
  reset(peerGrant: Credits | undefined): void {
    this.#peerGrant = peerGrant
    this.#outbound.clear()
    this.#inbound.clear()
    this.#paused.clear()
  }

  /** The credits left for sending on a channel (`Infinity` when the peer sets no limit). */
  credits(channel: HAIPChannel): Credits {
    if (!this.#peerGrant)
      return { messages: Number.POSITIVE_INFINITY, bytes: Number.POSITIVE_INFINITY }
    return this.#outboundWindow(channel)
  }

  /** Frames waiting for credit on a channel. */
  queued(channel: HAIPChannel): number {
    return this.#queues.get(channel)?.length ?? 0
  }

  /** All frames waiting for credit. */
  get totalQueued(): number {
    let total = 0
    for (const queue of this.#queues.values()) total += queue.length
    return total
  }

  /**
   * Offers a data frame for sending: written through `io` at once when credits allow and
   * nothing waits before it, queued otherwise. Returns whether it was written.
   */
  submit(channel: HAIPChannel, item: T, io: FlowIO<T>): boolean {
    const queue = this.#queues.get(channel)
    if (queue && queue.length > 0) {
      queue.push(item)
      return false
    }
    if (this.#tryWrite(channel, item, io)) return true
    if (queue) queue.push(item)
    else this.#queues.set(channel, [item])
    return false
  }

  /** Adds credits the peer granted (FLOW_UPDATE) and writes what they release. */
  addCredits(channel: HAIPChannel, addMessages: number, addBytes: number, io: FlowIO<T>): void {
    if (this.#peerGrant) {
      const window = this.#outboundWindow(channel)
      if (Number.isFinite(addMessages)) window.messages += addMessages
      if (Number.isFinite(addBytes)) window.bytes += addBytes
    }
    this.releasable(channel, io)
  }

  /** Stops sending data on a channel until {@link resumeChannel} (the peer's PAUSE_CHANNEL). */
  pauseChannel(channel: HAIPChannel): void {
    this.#paused.add(channel)
  }

  /** Sends on a channel again, writing what waited. */
  resumeChannel(channel: HAIPChannel, io: FlowIO<T>): void {
    this.#paused.delete(channel)
    this.releasable(channel, io)
  }

  /** Writes from the queue of `channel` (or of every channel) what the credits allow now. */
  releasable(channel: HAIPChannel | undefined, io: FlowIO<T>): number {
    let written = 0
    const channels = channel ? [channel] : [...this.#queues.keys()]
    for (const name of channels) {
      const queue = this.#queues.get(name)
      if (!queue) continue
      let index = 0
      while (index < queue.length) {
        const next = queue[index] as T
        if (!this.#tryWrite(name, next, io)) break
        index++
      }
      if (index > 0) queue.splice(0, index)
      written += index
    }
    return written
  }

  /** Empties every queue and returns what was in it (for a caller that gives up). */
  drainAll(): T[] {
    const items: T[] = []
    for (const queue of this.#queues.values()) items.push(...queue)
    this.#queues.clear()
    return items
  }

  /**
   * Accounts for a data frame received. Returns whether it overran the credits this side
   * granted, and the FLOW_UPDATE to send when half the window is used.
   */
  receive(channel: HAIPChannel, bytes: number): { overrun: boolean; grant?: CreditGrant } {
    let window = this.#inbound.get(channel)
    if (!window) {
      window = {
        remainingMessages: this.#grant.messages,
        remainingBytes: this.#grant.bytes,
        usedMessages: 0,
        usedBytes: 0,
      }
      this.#inbound.set(channel, window)
    }
    // One frame may exceed the byte window on its own; a window already spent may not.
    const overrun = window.remainingMessages <= 0 || window.remainingBytes < 0
    window.remainingMessages -= 1
    window.remainingBytes -= bytes
    window.usedMessages += 1
    window.usedBytes += bytes
    if (
      window.usedMessages * 2 < this.#grant.messages &&
      window.usedBytes * 2 < this.#grant.bytes
    ) {
      return { overrun }
    }
    const grant: CreditGrant = {
      channel,
      addMessages: window.usedMessages,
      addBytes: window.usedBytes,
    }
    window.remainingMessages += window.usedMessages
    window.remainingBytes += window.usedBytes
    window.usedMessages = 0
    window.usedBytes = 0
    return { overrun, grant }
  }

  #outboundWindow(channel: HAIPChannel): Credits {
    let window = this.#outbound.get(channel)
    if (!window) {
      window = { messages: this.#peerGrant?.messages ?? 0, bytes: this.#peerGrant?.bytes ?? 0 }
      this.#outbound.set(channel, window)
    }
    return window
  }

  #tryWrite(channel: HAIPChannel, item: T, io: FlowIO<T>): boolean {
    if (this.#paused.has(channel)) return false
    if (!this.#peerGrant) {
      io.write(item, io.measure(item))
      return true
    }
    const window = this.#outboundWindow(channel)
    if (window.messages < 1) return false
    const bytes = io.measure(item)
    const fitsWindow = window.bytes >= bytes || window.bytes >= this.#peerGrant.bytes
    if (!fitsWindow) return false
    window.messages -= 1
    window.bytes -= bytes
    io.write(item, bytes)
    return true
  }
}
