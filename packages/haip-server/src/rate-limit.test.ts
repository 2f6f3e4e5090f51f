import { describe, expect, it } from "vitest"
import { ConnectionLimits, RateLimiter, TokenBucket } from "./rate-limit.js"

describe("RateLimiter", () => {
  it("accepts up to the limit, warns once, then drops, within one second", () => {
    const limiter = new RateLimiter(2)
    const decisions = [0, 10, 20, 30, 40].map((at) => limiter.check(1000 + at))
    expect(decisions).toEqual(["accept", "accept", "warn", "drop", "drop"])
    expect(limiter.check(2001)).toBe("accept")
  })

  it("closes after floods in several seconds in a row, forgives after a quiet second", () => {
    const limiter = new RateLimiter(1, 3)
    const flood = (second: number) => [
      limiter.check(second * 1000),
      limiter.check(second * 1000 + 1),
    ]
    expect(flood(1)).toEqual(["accept", "warn"])
    expect(flood(2)).toEqual(["accept", "warn"])
    limiter.check(3000)
    expect(flood(4)).toEqual(["accept", "warn"])
    expect(flood(5)).toEqual(["accept", "warn"])
    expect(flood(6)).toEqual(["accept", "close"])
  })

  it("counts floods in a row by its own windows, whatever seconds of the clock they cross", () => {
    const limiter = new RateLimiter(1, 2)
    // A window from 1999 ms to 2999 ms, flooded; the flood goes on, and the next frame after
    // that window is at 3000.1 ms: the clock's seconds 1 and 3, but the very next window.
    const first = [1999, 1999.5, 2998.9].map((at) => limiter.check(at))
    expect(first).toEqual(["accept", "warn", "drop"])
    expect([3000.1, 3000.2].map((at) => limiter.check(at))).toEqual(["accept", "close"])
    // The same flood, but nothing for a whole second after its window: forgiven.
    const rested = new RateLimiter(1, 2)
    expect([1999, 1999.5].map((at) => rested.check(at))).toEqual(["accept", "warn"])
    expect([3999.1, 3999.2].map((at) => rested.check(at))).toEqual(["accept", "warn"])
  })

  it("never limits with 0", () => {
    const limiter = new RateLimiter(0)
    for (let index = 0; index < 10_000; index++) expect(limiter.check(5)).toBe("accept")
  })
})

describe("TokenBucket", () => {
  it("gives its capacity at once, then refills at its rate, never beyond its capacity", () => {
    const bucket = new TokenBucket(2, 60, 0)
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, false])
    expect(bucket.take(999)).toBe(false)
    expect(bucket.take(1000)).toBe(true)
    // A long quiet spell fills it up to its capacity only.
    expect([1, 2, 3].map(() => bucket.take(3_600_000))).toEqual([true, true, false])
  })
})

/** ConnectionLimits on a clock the test moves, with what it answered the client. */
function connectionLimits(rateLimit: number, replayRequestsPerMinute: number) {
  let now = 50_000_000
  const refused: Array<{ message: string; relatedId: string | undefined }> = []
  const closed: string[] = []
  const limits = new ConnectionLimits(
    { rateLimit, replayRequestsPerMinute },
    {
      refuse: (message, relatedId) => refused.push({ message, relatedId }),
      close: (message) => closed.push(message),
    },
    () => now,
  )
  const advance = (ms: number) => {
    now += ms
  }
  const frames = (count: number) => Array.from({ length: count }, () => limits.admitFrame())
  return { limits, refused, closed, advance, frames }
}

describe("ConnectionLimits", () => {
  it("admits rateLimit frames a second, tells the client once, drops the rest silently", () => {
    const { refused, closed, advance, frames } = connectionLimits(3, 60)
    expect(frames(6)).toEqual([true, true, true, false, false, false])
    expect(refused).toEqual([
      {
        message: "More than 3 frames in a second; frames were dropped. Slow down.",
        relatedId: undefined,
      },
    ])
    advance(999)
    expect(frames(1)).toEqual([false])
    advance(1)
    expect(frames(3)).toEqual([true, true, true])
    expect(refused).toHaveLength(1)
    expect(closed).toEqual([])
  })

  it("closes the connection once after five flooded seconds in a row", () => {
    const { refused, closed, advance, frames } = connectionLimits(1, 60)
    for (let second = 0; second < 5; second++) {
      expect(frames(3)).toEqual([true, false, false])
      advance(1000)
    }
    expect(refused).toHaveLength(4)
    expect(closed).toEqual([
      "More than 1 frame in a second; frames were dropped. Slow down. The flood went on, so the connection is closed.",
    ])
  })

  it("forgives the floods before a second within the limit", () => {
    const { refused, closed, advance, frames } = connectionLimits(1, 60)
    const flood = (seconds: number) => {
      for (let second = 0; second < seconds; second++) {
        frames(2)
        advance(1000)
      }
    }
    flood(4)
    frames(1)
    advance(1000)
    flood(4)
    expect(refused).toHaveLength(8)
    expect(closed).toEqual([])
  })

  it("admits every frame with a rateLimit of 0, and answers nothing", () => {
    const { refused, closed, frames } = connectionLimits(0, 60)
    expect(frames(10_000).every(Boolean)).toBe(true)
    expect(refused).toEqual([])
    expect(closed).toEqual([])
  })

  it("counts a limit of one in the singular", () => {
    const { limits, refused } = connectionLimits(2000, 1)
    for (let index = 0; index < 11; index++) limits.admitReplay(false, `r${index}`)
    expect(refused).toEqual([
      { message: "More than 1 REPLAY_REQUEST a minute; ask again later.", relatedId: "r10" },
    ])
  })

  it("admits ten REPLAY_REQUESTs at once, then one per 60000 / replayRequestsPerMinute ms", () => {
    const { limits, refused, advance } = connectionLimits(2000, 6)
    const replays = Array.from({ length: 11 }, (_, index) => limits.admitReplay(false, `r${index}`))
    expect(replays).toEqual([...Array.from({ length: 10 }, () => true), false])
    expect(refused).toEqual([
      { message: "More than 6 REPLAY_REQUESTs a minute; ask again later.", relatedId: "r10" },
    ])
    advance(9_999)
    expect(limits.admitReplay(false, "early")).toBe(false)
    advance(1)
    expect(limits.admitReplay(false, "due")).toBe(true)
    expect(limits.admitReplay(false, "next")).toBe(false)
    expect(refused.map((refusal) => refusal.relatedId)).toEqual(["r10", "early", "next"])
  })

  it("refuses a REPLAY_REQUEST while a replay is being sent, without using up the rate", () => {
    const { limits, refused } = connectionLimits(2000, 6)
    for (let index = 0; index < 20; index++) expect(limits.admitReplay(true, "busy")).toBe(false)
    expect(refused).toHaveLength(20)
    expect(refused[0]).toEqual({
      message: "A replay is still being sent; wait for it before asking for another.",
      relatedId: "busy",
    })
    const replays = Array.from({ length: 10 }, () => limits.admitReplay(false, "idle"))
    expect(replays.every(Boolean)).toBe(true)
  })

  it("admits every REPLAY_REQUEST with 0 a minute, but still not one while a replay is sent", () => {
    const { limits, refused } = connectionLimits(2000, 0)
    const replays = Array.from({ length: 100 }, () => limits.admitReplay(false, "idle"))
    expect(replays.every(Boolean)).toBe(true)
    expect(limits.admitReplay(true, "busy")).toBe(false)
    expect(refused.map((refusal) => refusal.relatedId)).toEqual(["busy"])
  })

  // A wall clock steps back (NTP, a VM resumed): a window that started "in the future" never
  // ended, so every frame of the next hour counted into it, and the bucket lost an hour of tokens.
  it("goes on admitting a client within its limits after the clock steps back", () => {
    const { limits, refused, closed, advance, frames } = connectionLimits(5, 6)
    expect(frames(1)).toEqual([true])
    for (let index = 0; index < 10; index++) limits.admitReplay(false, "before")
    advance(-3_600_000)
    // The ten were used before the step: none is left, and the bucket refills from here on.
    expect(limits.admitReplay(false, "at the step")).toBe(false)
    for (let second = 0; second < 10; second++) {
      expect(frames(3)).toEqual([true, true, true])
      advance(1000)
    }
    expect(limits.admitReplay(false, "after")).toBe(true)
    expect(refused.map((refusal) => refusal.relatedId)).toEqual(["at the step"])
    expect(closed).toEqual([])
  })
})
