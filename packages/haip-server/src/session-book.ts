/**
 * The sessions a server keeps, attached or waiting for a resume: by id, each with its memory
 * account and the identity that opened it, within `maxSessions` (sessions whose connection
 * left longest ago make room first).
 */
import type { BudgetAccount, BudgetCap, MemoryBudget } from "./budget.js"
import type { Session } from "./session.js"

/** A session told it went over its memory budget is not told again for this long. */
const BUDGET_NOTICE_INTERVAL_MS = 10_000

export class SessionBook {
  private readonly sessions = new Map<string, Session>()
  private readonly accounts = new Map<Session, BudgetAccount>()
  /** Who opened each session: only the same identity may resume it. */
  private readonly owners = new WeakMap<Session, string | undefined>()

  constructor(
    private readonly budget: MemoryBudget,
    private readonly maxSessions: number,
    private readonly log: (message: string) => void,
    /** Told of every session forgotten (evicted, expired or ended). */
    private readonly onForget: (session: Session) => void = () => {},
  ) {}

  get size(): number {
    return this.sessions.size
  }

  values(): IterableIterator<Session> {
    return this.sessions.values()
  }

  find(id: string): Session | undefined {
    return this.sessions.get(id)
  }

  /**
   * A memory account for a session about to be created; `session()` gives it once it exists.
   * Going over a cap sends the client an ERROR, at most every 10 s.
   */
  openAccount(session: () => Session | undefined): BudgetAccount {
    let noticeAt = Number.NEGATIVE_INFINITY
    return this.budget.open((cap) => {
      const now = Date.now()
      const target = session()
      // A session at its cap hits it on every frame: tell the client now and then, not each time.
      if (!target || now - noticeAt < BUDGET_NOTICE_INTERVAL_MS) return
      noticeAt = now
      this.log(`session ${target.id} is over its ${cap} memory budget`)
      target.sendControl(budgetNotice(cap, this.budget))
    })
  }

  add(session: Session, account: BudgetAccount): void {
    this.sessions.set(session.id, session)
    this.accounts.set(session, account)
  }

  /** Makes room for one more session; the cap when there is none to make. */
  makeRoom(): string | undefined {
    while (this.sessions.size >= this.maxSessions) {
      const departed = this.longestDeparted()
      if (!departed) return `${this.maxSessions} sessions`
      this.log(`session ${departed.id} evicted: the server is at its session limit`)
      this.forget(departed)
    }
    return undefined
  }

  /** Its connection left (it pays first when memory or the session cap is short). */
  departed(session: Session): void {
    const account = this.accounts.get(session)
    if (account) account.departedAt = Date.now()
  }

  /** A connection is attached again. */
  returned(session: Session): void {
    const account = this.accounts.get(session)
    if (account) account.departedAt = undefined
  }

  /** Ends a session: its runs, its timers and every byte it kept. */
  forget(session: Session): void {
    session.dispose()
    session.replay.clear()
    this.accounts.get(session)?.close()
    this.accounts.delete(session)
    this.sessions.delete(session.id)
    this.onForget(session)
  }

  /** Binds a session to the identity that opened it (once). */
  bindOwner(session: Session, identity: string | undefined): void {
    if (!this.owners.has(session)) this.owners.set(session, identity)
  }

  /** Whether the session is bound to an identity yet. */
  hasOwner(session: Session): boolean {
    return this.owners.has(session)
  }

  /** The identity a session is bound to (undefined too for an open server's sessions). */
  ownerOf(session: Session): string | undefined {
    return this.owners.get(session)
  }

  /** Whether `identity` may resume the session: only the one that opened it. */
  isOwner(session: Session, identity: string | undefined): boolean {
    return this.owners.has(session) && this.owners.get(session) === identity
  }

  private longestDeparted(): Session | undefined {
    let found: Session | undefined
    let since = Number.POSITIVE_INFINITY
    for (const [session, account] of this.accounts) {
      if (account.departedAt !== undefined && account.departedAt < since) {
        found = session
        since = account.departedAt
      }
    }
    return found
  }
}

/** The ERROR telling a client its session lost its oldest frames to a memory cap. */
function budgetNotice(cap: BudgetCap, budget: MemoryBudget) {
  const limit = cap === "session" ? budget.limits.sessionBytes : budget.limits.serverBytes
  const share = cap === "session" ? "its memory budget" : "its share of the server's memory"
  return {
    type: "ERROR" as const,
    channel: "SYSTEM" as const,
    payload: {
      code: "RATE_LIMITED",
      message: `This session keeps more than ${share} (${limit} bytes across replay and history); its oldest frames were dropped, so REPLAY_REQUEST for them answers REPLAY_TOO_OLD and tools see a shorter history. Send less, or end transactions you no longer need.`,
      detail: { budget: cap, limit_bytes: limit },
    },
  }
}
