/**
 * Memory as a budget: what the server keeps for clients (replay windows, transaction histories)
 * is counted in bytes against three caps — per transaction history, per session and for the
 * whole server — and the oldest kept frames go first when a cap is reached. Sizes are the
 * frames' encoded length in characters: close to what V8 holds for them, cheap to know.
 */

/** The byte caps, with their defaults in {@link DEFAULT_BUDGET}. */
export interface BudgetLimits {
  /** Bytes one transaction keeps as history for `getReplayWindow()`. */
  transactionHistoryBytes: number
  /** Bytes one session keeps: its replay window plus its transactions' histories. */
  sessionBytes: number
  /** Bytes every session together keeps. */
  serverBytes: number
}

/** 4 MiB per transaction history, 16 MiB per session, 256 MiB for the whole server. */
export const DEFAULT_BUDGET: Readonly<BudgetLimits> = {
  transactionHistoryBytes: 4 * 1024 * 1024,
  sessionBytes: 16 * 1024 * 1024,
  serverBytes: 256 * 1024 * 1024,
}

/** Something that keeps frames and can let the oldest go. */
export interface BudgetHolder {
  /** Drops the oldest frame it keeps; the bytes freed, 0 when it keeps none. */
  evictOldest(): number
}

/** Which cap made a session let frames go. */
export type BudgetCap = "session" | "server"

/** One session's account: the bytes its holders keep, freed oldest first when over a cap. */
export class BudgetAccount {
  used = 0
  /** When its connection left (undefined while one is attached): departed sessions pay first. */
  departedAt: number | undefined
  /** Holders asked in order: the replay window first, then transaction histories. */
  private readonly holders = new Set<BudgetHolder>()

  constructor(
    private readonly budget: MemoryBudget,
    /** Told when this session had to let frames go because it went over a cap. */
    private readonly onOverBudget: (cap: BudgetCap) => void,
  ) {}

  /** A holder whose bytes count here. */
  add(holder: BudgetHolder): void {
    this.holders.add(holder)
  }

  /** A holder that has gone: release what it kept with {@link release} first. */
  remove(holder: BudgetHolder): void {
    this.holders.delete(holder)
  }

  /** Counts bytes just kept, then brings this session and the server back under their caps. */
  charge(bytes: number): void {
    this.used += bytes
    this.budget.used += bytes
    if (this.used > this.budget.limits.sessionBytes) {
      this.evictUntil(this.budget.limits.sessionBytes)
      this.onOverBudget("session")
    }
    this.budget.enforce(this)
  }

  /** Counts bytes let go. */
  release(bytes: number): void {
    this.used -= bytes
    this.budget.used -= bytes
  }

  /** Lets the oldest frames go until at most `target` bytes are kept; false when it ran out. */
  evictUntil(target: number): boolean {
    while (this.used > target) {
      if (!this.evictOne()) return false
    }
    return true
  }

  private evictOne(): boolean {
    for (const holder of this.holders) {
      // Holders release what they evict through `release`, so `used` follows.
      if (holder.evictOldest() > 0) return true
    }
    return false
  }

  /** Tells the session it went over the server's share (from {@link MemoryBudget.enforce}). */
  notifyServerCap(): void {
    this.onOverBudget("server")
  }

  /** Gives every byte back (the session ends). */
  close(): void {
    this.budget.used -= this.used
    this.used = 0
    this.holders.clear()
    this.budget.accounts.delete(this)
  }
}

/** The whole server's budget and every session's account. */
export class MemoryBudget {
  used = 0
  readonly accounts = new Set<BudgetAccount>()
  readonly limits: BudgetLimits

  constructor(limits: { [Key in keyof BudgetLimits]?: number | undefined } = {}) {
    this.limits = {
      transactionHistoryBytes:
        limits.transactionHistoryBytes ?? DEFAULT_BUDGET.transactionHistoryBytes,
      sessionBytes: limits.sessionBytes ?? DEFAULT_BUDGET.sessionBytes,
      serverBytes: limits.serverBytes ?? DEFAULT_BUDGET.serverBytes,
    }
  }

  /** A new session's account. */
  open(onOverBudget: (cap: BudgetCap) => void): BudgetAccount {
    const account = new BudgetAccount(this, onOverBudget)
    this.accounts.add(account)
    return account
  }

  /**
   * Over the server cap: departed sessions give up their frames first (the longest gone
   * first), then the session that is growing when it holds more than an equal share, then
   * whichever session holds the most. Frees a little more than needed so that a server at its
   * cap does not scan the sessions for every frame.
   */
  enforce(growing: BudgetAccount): void {
    const limit = this.limits.serverBytes
    if (this.used <= limit) return
    const target = limit - Math.min(limit / 16, this.limits.sessionBytes)
    const departed = [...this.accounts]
      .filter((account) => account.departedAt !== undefined && account.used > 0)
      .sort((a, b) => (a.departedAt ?? 0) - (b.departedAt ?? 0))
    for (const account of departed) {
      account.evictUntil(Math.max(0, account.used - (this.used - target)))
      if (this.used <= target) return
    }
    const share = limit / Math.max(1, this.accounts.size)
    if (growing.used > share) {
      growing.evictUntil(Math.max(share, growing.used - (this.used - target)))
      growing.notifyServerCap()
    }
    while (this.used > target) {
      const largest = this.largest()
      if (!largest?.evictUntil(Math.max(0, largest.used - (this.used - target)))) return
      largest.notifyServerCap()
    }
  }

  private largest(): BudgetAccount | undefined {
    let found: BudgetAccount | undefined
    for (const account of this.accounts) {
      if (account.used > 0 && (!found || account.used > found.used)) found = account
    }
    return found
  }
}
