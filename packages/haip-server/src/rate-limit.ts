/**
 * What one connection may send. Frames per second, in one-second windows, each starting with the
 * first frame after the last one ended: frames over the limit are dropped with one RATE_LIMITED
 * per window; a flood that goes on for several windows in a row closes the connection.
 * REPLAY_REQUESTs: one at a time, from a token bucket. Times are milliseconds of a monotonic
 * clock (`performance.now()`): a wall clock may step back.
 */

/** What {@link RateLimiter.check} decided about one frame. */
export type RateDecision = "accept" | "drop" | "warn" | "close"

export class RateLimiter {
  private windowStart = 0
  private count = 0
  private strikes = 0
  /** Whether the current window went over the limit. */
  private struck = false

  /**
   * @param limit frames per second; 0 turns the limit off
   * @param strikesToClose windows in a row over the limit before the connection is closed
   */
  constructor(
    private readonly limit: number,
    private readonly strikesToClose = 5,
  ) {}

  /** "warn" (drop, and tell the client once), "drop" (silently), "close", or "accept". */
  check(now = performance.now()): RateDecision {
    if (this.limit <= 0) return "accept"
    if (now < this.windowStart) {
      // The clock stepped back: the window would not end until it caught up, counting every
      // frame until then as one second's. Start afresh; the floods before are forgotten.
      this.strikes = 0
      this.struck = false
      this.windowStart = now
      this.count = 0
    } else if (now - this.windowStart >= 1000) {
      // In a row: the window that ended went over the limit, and this one starts less than a
      // second after its end (a whole quiet second between them forgives).
      if (!this.struck || now - this.windowStart >= 2000) this.strikes = 0
      this.struck = false
      this.windowStart = now
      this.count = 0
    }
    this.count += 1
    if (this.count <= this.limit) return "accept"
    if (this.count > this.limit + 1) return "drop"
    this.strikes += 1
    this.struck = true
    return this.strikes >= this.strikesToClose ? "close" : "warn"
  }
}

/**
 * A token bucket: `capacity` at once, refilled at `perMinute`. For requests that are cheap to
 * send and dear to answer (REPLAY_REQUEST), where a per-second frame limit is far too loose.
 */
export class TokenBucket {
  private tokens: number
  private refilledAt: number

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    now = performance.now(),
  ) {
    this.tokens = capacity
    this.refilledAt = now
  }

  /** Takes a token; false when none is left (0 per minute: always true, no limit). */
  take(now = performance.now()): boolean {
    if (this.perMinute <= 0) return true
    // A clock that stepped back refills nothing (instead of taking tokens away).
    const refill = (Math.max(0, now - this.refilledAt) * this.perMinute) / 60_000
    this.tokens = Math.min(this.capacity, this.tokens + refill)
    this.refilledAt = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/** "1 frame", "3 frames": a count with its noun, for the messages a client reads. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`
}

/** How a connection's limits answer its client. */
export interface RateLimitAnswers {
  /** An ERROR RATE_LIMITED; the connection stays. */
  refuse(message: string, relatedId?: string): void
  /** An ERROR RATE_LIMITED, and the connection closes. */
  close(message: string): void
}

/** The limits of one connection: its frames per second, and its REPLAY_REQUESTs. */
export class ConnectionLimits {
  private readonly frames: RateLimiter
  private readonly replays: TokenBucket

  /** @param clock milliseconds from any origin (a test's own clock) */
  constructor(
    private readonly settings: { rateLimit: number; replayRequestsPerMinute: number },
    private readonly answers: RateLimitAnswers,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.frames = new RateLimiter(settings.rateLimit)
    this.replays = new TokenBucket(10, settings.replayRequestsPerMinute, clock())
  }

  /** One frame from the client: false when it is dropped (and the client told, once a second). */
  admitFrame(): boolean {
    const decision = this.frames.check(this.clock())
    if (decision === "accept") return true
    const message = `More than ${counted(this.settings.rateLimit, "frame")} in a second; frames were dropped. Slow down.`
    if (decision === "close") {
      this.answers.close(`${message} The flood went on, so the connection is closed.`)
    } else if (decision === "warn") {
      this.answers.refuse(message)
    }
    return false
  }

  /**
   * A REPLAY_REQUEST resends a whole window: refused (false) while one is `busy` being sent, and
   * beyond the rate.
   */
  admitReplay(busy: boolean, relatedId: string): boolean {
    if (!busy && this.replays.take(this.clock())) return true
    const message = busy
      ? "A replay is still being sent; wait for it before asking for another."
      : `More than ${counted(this.settings.replayRequestsPerMinute, "REPLAY_REQUEST")} a minute; ask again later.`
    this.answers.refuse(message, relatedId)
    return false
  }
}
