/**
 * A session outlives its connections: it numbers the frames it sends, keeps them for replay,
 * honours the client's credits, and holds the client's transactions. A connection (a `Link`)
 * attaches to it after the handshake and detaches when it drops; within the TTL another one
 * can resume it.
 */
import { randomUUID } from "node:crypto"
import { InboundCredits, OutboundCredits } from "./flow-control.js"
import { FrameQueue } from "./frame-queue.js"
import { buildFrame, byteLength, consumesCredit, encodeFrame, isDataType } from "./frames.js"
import { IncomingMessages, incomingRefusal } from "./incoming-messages.js"
import { EVERYTHING, PeerDelivery } from "./peer.js"
import { ReplayWindow, type ReplayWindowOptions, type SentFrame } from "./replay-window.js"
import { type FrameSink, type HistoryBudget, type Run, TransactionMap } from "./transaction.js"
import type {
  HAIPFlowControlGrant,
  HAIPMessage,
  HAIPOutgoingFrame,
  HAIPSessionInfo,
  HAIPUser,
} from "./types.js"

/** Where a session's frames go: the connection attached to it. */
export interface FrameOutput {
  deliver(text: string, frame: HAIPMessage | SentFrame): void
  /** True while the connection's send buffer is over its high-water mark: frames wait here. */
  readonly congested?: boolean
}

/** A frame waiting to be sent; the session fills in id, seq and ack when it goes. */
export type QueuedFrame = HAIPOutgoingFrame & { transaction?: string }

/** Settings of a session. */
export interface SessionOptions {
  /** The id of a session taken over from another instance (default: a new one). */
  id?: string
  /** The seq its frames continue after (a taken-over session's last). */
  lastSeq?: number
  replayWindow: ReplayWindowOptions
  /** The byte cap of each transaction's history and the session's memory account. */
  history?: HistoryBudget
  /** Characters the client's open streamed messages may hold together (default: no cap). */
  incomingMaxBytes?: number | undefined
  /** Credits we grant the client per channel, or undefined when flow control is off. */
  inboundGrant: HAIPFlowControlGrant | undefined
  /** Messages consumed before they are granted back at once (default: half the window). */
  grantThreshold?: number | undefined
  /** Queued frames above which `waitForRoom` makes producers wait. */
  maxQueuedFrames: number
  /** Called with a queued frame whose payload is not JSON (it is dropped). */
  onUnencodable?(session: Session, frame: QueuedFrame, reason: string): void
  /** Called for every frame sent (for stats, transaction windows and a shared store). */
  onSent?(session: Session, frame: HAIPMessage, sent: SentFrame): void
}

/** How many client frame ids are remembered to drop duplicates. */
const RECENT_IDS_LIMIT = 2048

export class Session implements FrameSink {
  readonly id: string
  user: HAIPUser | undefined
  /** Set once the client has passed authentication: only then does the session outlive its link. */
  authenticated = false
  readonly replay: ReplayWindow
  readonly outboundCredits = new OutboundCredits()
  readonly inboundCredits: InboundCredits | undefined
  /** Transactions by id; their histories count in the session's memory budget. */
  readonly transactions: TransactionMap
  readonly runs = new Map<string, Run>()
  /** Streamed client messages being assembled, by message_id; counted in the memory budget. */
  readonly incomingMessages: IncomingMessages
  /** The highest client seq seen, echoed as `ack`. */
  lastClientSeq: string | undefined
  /** What the attached client accepts: frames are translated for it as they are queued. */
  delivery = new PeerDelivery(EVERYTHING)
  expiryTimer: NodeJS.Timeout | undefined
  /** The pending delayed FLOW_UPDATE (see `InboundCredits`). */
  grantTimer: NodeJS.Timeout | undefined
  private output: FrameOutput | undefined
  private seq: number
  private readonly replayQueue = new FrameQueue<SentFrame>()
  private readonly controlQueue = new FrameQueue<QueuedFrame>()
  private readonly dataQueue = new FrameQueue<QueuedFrame>()
  private roomWaiters: Array<() => void> = []
  private readonly recentIds = new Set<string>()
  private readonly options: SessionOptions

  constructor(options: SessionOptions) {
    this.options = options
    this.id = options.id ?? randomUUID()
    this.seq = options.lastSeq ?? 0
    this.replay = new ReplayWindow(options.replayWindow)
    this.transactions = new TransactionMap(
      options.history ?? { maxBytes: Number.POSITIVE_INFINITY, account: undefined },
    )
    this.incomingMessages = new IncomingMessages({
      maxBytes: options.incomingMaxBytes ?? Number.POSITIVE_INFINITY,
      account: options.history?.account,
      onRefused: (key, maxBytes) => this.sendControl(incomingRefusal(key, maxBytes)),
    })
    this.inboundCredits = options.inboundGrant
      ? new InboundCredits(options.inboundGrant, options.grantThreshold)
      : undefined
  }

  get info(): HAIPSessionInfo {
    return { id: this.id, user: this.user }
  }

  /** The seq of the last frame sent. */
  get lastSeq(): number {
    return this.seq
  }

  /** Frames waiting for credits or for a connection. */
  get queuedCount(): number {
    return this.replayQueue.length + this.controlQueue.length + this.dataQueue.length
  }

  /** Whether frames of a replay are still waiting to be sent. */
  get replayPending(): boolean {
    return this.replayQueue.length > 0
  }

  /** Whether a connection is attached. */
  get attached(): boolean {
    return this.output !== undefined
  }

  /** Attaches a connection: frames flow to it from now on, starting with what was queued. */
  attach(output: FrameOutput, clientGrant: HAIPFlowControlGrant | undefined): void {
    this.output = output
    this.outboundCredits.reset(clientGrant)
    this.inboundCredits?.reset()
    this.flush()
  }

  /** Detaches the connection; frames queue until another one resumes the session. */
  detach(output: FrameOutput): void {
    if (this.output === output) this.output = undefined
  }

  /** Whether this client frame id was seen recently (a duplicate to drop); remembers it. */
  isDuplicate(id: string): boolean {
    if (this.recentIds.has(id)) return true
    this.recentIds.add(id)
    if (this.recentIds.size > RECENT_IDS_LIMIT) {
      const oldest = this.recentIds.values().next().value
      if (oldest !== undefined) this.recentIds.delete(oldest)
    }
    return false
  }

  /** Queues a frame in order behind earlier ones (data frames wait for credits). */
  enqueue(frame: QueuedFrame): void {
    // The common case (a client that takes everything) allocates nothing per frame.
    if (this.delivery.passesAll) this.dataQueue.push(frame)
    else for (const translated of this.delivery.translate(frame)) this.dataQueue.push(translated)
    this.flush()
  }

  /**
   * Sends a session-level control frame (PING, PONG, FLOW_UPDATE, ERROR) ahead of data frames
   * waiting for credits, but after frames being replayed, so seqs stay in order.
   */
  sendControl(frame: QueuedFrame): void {
    if (this.delivery.passesAll) this.controlQueue.push(frame)
    else for (const translated of this.delivery.translate(frame)) this.controlQueue.push(translated)
    this.flush()
  }

  /** Queues sent frames again (REPLAY_REQUEST or a resume), ahead of everything new. */
  replayFrames(frames: SentFrame[]): void {
    this.replayQueue.push(...frames)
    this.flush()
  }

  /** Sends what credits and order allow. */
  flush(): void {
    const output = this.output
    if (output) this.drain(output)
    if (this.roomWaiters.length > 0 && this.dataQueue.length * 2 < this.options.maxQueuedFrames) {
      this.releaseWaiters()
    }
  }

  /**
   * Resolves once fewer than half of `maxQueuedFrames` frames wait to be sent (at once when
   * the queue is short), so a tool producing faster than the client takes can wait its turn.
   */
  waitForRoom(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve()
    return new Promise((resolve) => this.roomWaiters.push(resolve))
  }

  hasRoom(): boolean {
    return this.dataQueue.length < this.options.maxQueuedFrames
  }

  private releaseWaiters(): void {
    const waiters = this.roomWaiters
    this.roomWaiters = []
    for (const resolve of waiters) resolve()
  }

  private drain(output: FrameOutput): void {
    for (let frame = this.replayQueue.peek(); frame; frame = this.replayQueue.peek()) {
      if (output.congested) return
      const size = byteLength(frame.text)
      const data = consumesCredit(frame.type, frame.channel)
      if (data && !this.outboundCredits.canSend(frame.channel, size)) return
      this.replayQueue.shift()
      if (data) this.outboundCredits.consume(frame.channel, size)
      output.deliver(frame.text, frame)
    }
    for (let next = this.controlQueue.peek(); next; next = this.controlQueue.peek()) {
      if (output.congested) return
      this.controlQueue.shift()
      this.sendNow(output, next)
    }
    for (let next = this.dataQueue.peek(); next; next = this.dataQueue.peek()) {
      if (output.congested) return
      const channel = next.channel ?? "AGENT"
      const frame = this.build(next, channel)
      let text: string
      try {
        text = encodeFrame(frame)
      } catch (error) {
        // A tool's payload JSON cannot carry (a BigInt, a cycle): say so instead of sticking.
        this.dataQueue.shift()
        const reason = error instanceof Error ? error.message : String(error)
        this.options.onUnencodable?.(this, next, reason)
        continue
      }
      const data = consumesCredit(next.type, channel)
      if (data && !this.outboundCredits.canSend(channel, byteLength(text))) return
      this.dataQueue.shift()
      this.commit(output, frame, text, data)
    }
  }

  private sendNow(output: FrameOutput, next: QueuedFrame): void {
    const frame = this.build(next, next.channel ?? "SYSTEM")
    this.commit(output, frame, encodeFrame(frame), false)
  }

  private build(next: QueuedFrame, channel: HAIPMessage["channel"]): HAIPMessage {
    return buildFrame({
      id: randomUUID(),
      transaction: next.transaction,
      session: this.id,
      seq: this.seq + 1,
      ack: this.lastClientSeq,
      channel,
      type: next.type,
      payload: next.payload,
      runId: next.run_id,
      relatedId: next.related_id,
    })
  }

  private commit(output: FrameOutput, frame: HAIPMessage, text: string, data: boolean): void {
    this.seq += 1
    if (data) this.outboundCredits.consume(frame.channel, byteLength(text))
    const sent: SentFrame = {
      seq: this.seq,
      text,
      channel: frame.channel,
      type: frame.type,
      sentAt: Date.now(),
    }
    if (frame.transaction !== "null") {
      sent.transaction = frame.transaction
      if (isDataType(frame.type)) this.transactions.get(frame.transaction)?.record(frame)
    }
    this.replay.add(sent)
    this.options.onSent?.(this, frame, sent)
    output.deliver(text, frame)
  }

  /** Cancels every run and forgets the transactions (the session expired or the server stops). */
  dispose(): void {
    for (const transaction of this.transactions.values()) transaction.cancelRuns()
    this.transactions.clear()
    if (this.expiryTimer) clearTimeout(this.expiryTimer)
    if (this.grantTimer) clearTimeout(this.grantTimer)
    this.output = undefined
    this.releaseWaiters()
  }
}
