import { describe, expect, it } from "vitest"
import { RateLimiter } from "./rate-limit.js"

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

  it("never limits with 0", () => {
    const limiter = new RateLimiter(0)
    for (let index = 0; index < 10_000; index++) expect(limiter.check(5)).toBe("accept")
  })
})
