/**
 * A transaction's history (what `getReplayWindow()` gives tools): frames of both sides, capped
 * in frames and bytes, counted in its session's memory budget; and a session's transactions by
 * id, whose histories count there while they are in it.
 */
import type { BudgetAccount, BudgetHolder } from "./budget.js"
import type { ServerTransaction } from "./transaction.js"
import type { HAIPMessage } from "./types.js"

/** Frames of a transaction kept for `getReplayWindow()`. */
const TRANSACTION_WINDOW_LIMIT = 1000

/** A kept frame and its size, as the memory budget counts it. */
interface KeptFrame {
  frame: HAIPMessage
  bytes: number
}

/** Where a transaction's history is counted: its byte cap and its session's account. */
export interface HistoryBudget {
  /** Bytes of history kept at most (the oldest frames go first). */
  maxBytes: number
  account: BudgetAccount | undefined
}

/** The size the budget counts for a frame: its payload's JSON length plus the envelope. */
function frameBytes(frame: HAIPMessage): number {
  const payload = frame.payload
  if (typeof payload === "string") return payload.length + 256
  try {
    return (JSON.stringify(payload)?.length ?? 0) + 256
  } catch {
    return 256
  }
}

/** The frames kept for a transaction, oldest first, within its caps. */
export class TransactionHistory implements BudgetHolder {
  private readonly window: KeptFrame[] = []
  private head = 0
  private kept = 0
  private budget: HistoryBudget | undefined
  /** Text of streamed messages not yet ended, by message_id. */
  private readonly streaming = new Map<string, string>()

  /** The kept frames, oldest first. */
  frames(): HAIPMessage[] {
    return this.window.slice(this.head).map((kept) => kept.frame)
  }

  /** Bytes kept. */
  get bytes(): number {
    return this.kept
  }

  /** Counts this history in a session's budget from now on (see {@link TransactionMap}). */
  useBudget(budget: HistoryBudget): void {
    this.budget = budget
    budget.account?.add(this)
    budget.account?.charge(this.kept)
    this.trim()
  }

  /**
   * Keeps a data frame of the transaction (either direction). A streamed message is kept once,
   * when it ends, as a whole `MESSAGE` with its full text, so history code that reads `MESSAGE`
   * frames (as the seed's does) sees streamed answers too.
   */
  record(frame: HAIPMessage): void {
    const messageId = frame.payload?.message_id
    switch (frame.type) {
      case "MESSAGE_START":
        this.streaming.set(messageId, frame.payload.text ?? "")
        return
      case "MESSAGE_PART": {
        const text = this.streaming.get(messageId)
        if (text === undefined) return
        // A message longer than the whole history cap could never be kept: stop collecting it.
        const limit = this.budget?.maxBytes ?? Number.POSITIVE_INFINITY
        if (text.length + frame.payload.text.length > limit) this.streaming.delete(messageId)
        else this.streaming.set(messageId, text + frame.payload.text)
        return
      }
      case "MESSAGE_END": {
        const text = this.streaming.get(messageId)
        this.streaming.delete(messageId)
        if (text !== undefined) this.keep({ ...frame, type: "MESSAGE", payload: text })
        return
      }
      default:
        this.keep(frame)
    }
  }

  /**
   * Drops `frame` and every frame kept after it (a regenerated answer replaces them). When
   * `frame` was evicted already, everything kept came after it and goes.
   */
  dropFrom(frame: HAIPMessage): void {
    let index = this.head
    for (let position = this.window.length - 1; position >= this.head; position--) {
      if (this.window[position]?.frame === frame) {
        index = position
        break
      }
    }
    let freed = 0
    for (const kept of this.window.splice(index)) freed += kept.bytes
    this.kept -= freed
    this.budget?.account?.release(freed)
    this.streaming.clear()
  }

  /** Drops the oldest frame (the memory budget asks); the bytes freed. */
  evictOldest(): number {
    const oldest = this.window[this.head]
    if (!oldest) return 0
    this.window[this.head] = undefined as unknown as KeptFrame
    this.head += 1
    this.kept -= oldest.bytes
    this.budget?.account?.release(oldest.bytes)
    if (this.head > 256 && this.head * 2 > this.window.length) {
      this.window.splice(0, this.head)
      this.head = 0
    }
    return oldest.bytes
  }

  /** Lets go of every frame and of the budget (the transaction ended). */
  release(): void {
    while (this.evictOldest() > 0) {}
    this.streaming.clear()
    this.budget?.account?.remove(this)
  }

  /** Stops counting in the session's budget, keeping the frames (they move to another). */
  leaveBudget(): void {
    this.budget?.account?.release(this.kept)
    this.budget?.account?.remove(this)
    this.budget = undefined
  }

  private keep(frame: HAIPMessage): void {
    const bytes = frameBytes(frame)
    this.window.push({ frame, bytes })
    this.kept += bytes
    // Charged before trimming: every frame in the window is counted, even one trimmed at once.
    this.budget?.account?.charge(bytes)
    this.trim()
  }

  private trim(): void {
    const maxBytes = this.budget?.maxBytes ?? Number.POSITIVE_INFINITY
    while (this.window.length - this.head > TRANSACTION_WINDOW_LIMIT || this.kept > maxBytes) {
      if (this.evictOldest() === 0) return
    }
  }
}

/**
 * A session's transactions by id: a transaction put here counts its history in the session's
 * memory budget, and one taken out gives its bytes back. (The protocol adds and removes
 * transactions with `set`/`delete`/`clear`, so the budget needs no call of its own there.)
 */
export class TransactionMap extends Map<string, ServerTransaction> {
  constructor(private readonly budget: HistoryBudget) {
    super()
  }

  override set(id: string, transaction: ServerTransaction): this {
    const previous = this.get(id)
    if (previous && previous !== transaction) previous.releaseHistory()
    // Map's own constructor calls set before `budget` exists; it is never given entries.
    if (this.budget && previous !== transaction) transaction.useBudget(this.budget)
    return super.set(id, transaction)
  }

  override delete(id: string): boolean {
    this.get(id)?.releaseHistory()
    return super.delete(id)
  }

  /** Takes a transaction out with its history (it moves to another session's map). */
  take(id: string): ServerTransaction | undefined {
    const transaction = this.get(id)
    if (!transaction) return undefined
    transaction.leaveBudget()
    super.delete(id)
    return transaction
  }

  override clear(): void {
    for (const transaction of this.values()) transaction.releaseHistory()
    super.clear()
  }
}
