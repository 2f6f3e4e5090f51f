import { describe, expect, it } from "vitest"
import { InboundCredits, OutboundCredits } from "./flow-control.js"

describe("OutboundCredits", () => {
  it("is unlimited without a grant", () => {
    const credits = new OutboundCredits()
    credits.reset(undefined)
    expect(credits.canSend("AGENT", 10_000_000)).toBe(true)
  })

  it("stops at zero message credits and resumes on a FLOW_UPDATE", () => {
    const credits = new OutboundCredits()
    credits.reset({ initial_credit_messages: 2, initial_credit_bytes: 1000 })
    credits.consume("AGENT", 10)
    credits.consume("AGENT", 10)
    expect(credits.canSend("AGENT", 10)).toBe(false)
    expect(credits.canSend("USER", 10)).toBe(true)
    credits.add("AGENT", 1, 0)
    expect(credits.canSend("AGENT", 10)).toBe(true)
  })

  it("lets a frame larger than the whole byte window through once the window is free", () => {
    const credits = new OutboundCredits()
    credits.reset({ initial_credit_messages: 10, initial_credit_bytes: 100 })
    expect(credits.canSend("AGENT", 500)).toBe(true)
    credits.consume("AGENT", 500)
    expect(credits.canSend("AGENT", 1)).toBe(false)
  })

  it("holds a paused channel until it is resumed", () => {
    const credits = new OutboundCredits()
    credits.reset(undefined)
    credits.pause("AGENT")
    expect(credits.canSend("AGENT", 1)).toBe(false)
    credits.resume("AGENT")
    expect(credits.canSend("AGENT", 1)).toBe(true)
  })
})

describe("InboundCredits", () => {
  it("grants back what was consumed once half the window is used", () => {
    const credits = new InboundCredits({ initial_credit_messages: 4, initial_credit_bytes: 1000 })
    expect(credits.accept("USER", 10)).toEqual({ ok: true })
    expect(credits.accept("USER", 10)).toEqual({
      ok: true,
      grant: { channel: "USER", add_messages: 2, add_bytes: 20 },
    })
  })

  it("refuses a frame beyond the credits (a violation) and keeps counting correctly", () => {
    const credits = new InboundCredits({ initial_credit_messages: 10, initial_credit_bytes: 100 })
    expect(credits.accept("USER", 40).ok).toBe(true)
    expect(credits.accept("USER", 70)).toEqual({ ok: false, balance: { messages: 9, bytes: 60 } })
    expect(credits.accept("USER", 20).ok).toBe(true)
  })

  it("returns pending grants below the threshold for the delayed grant", () => {
    const credits = new InboundCredits({
      initial_credit_messages: 100,
      initial_credit_bytes: 100_000,
    })
    credits.accept("USER", 5)
    expect(credits.hasPending).toBe(true)
    expect(credits.pendingGrants()).toEqual([{ channel: "USER", add_messages: 1, add_bytes: 5 }])
    expect(credits.hasPending).toBe(false)
  })
})
