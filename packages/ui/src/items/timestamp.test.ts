import { describe, expect, it } from "vitest"
import { formatTimestamp } from "./timestamp.js"

describe("formatTimestamp", () => {
  const now = new Date("2026-11-23T15:00:00")

  it("shows only the time for a message from today", () => {
    const time = formatTimestamp(new Date("2026-11-23T09:05:00").toISOString(), now)!
    expect(time.short).not.toMatch(/2026/)
    expect(time.short).toMatch(/9.05/)
    expect(time.full).toMatch(/2026/)
  })

  it("adds the date for an older message", () => {
    const time = formatTimestamp(new Date("2026-11-20T09:05:00").toISOString(), now)!
    expect(time.short).toMatch(/2026/)
    expect(time.dateTime).toBe(new Date("2026-11-20T09:05:00").toISOString())
  })

  it.each(["", "not a date", "2026-13-45T99:99:99Z"])("refuses %j", (value) => {
    expect(formatTimestamp(value, now)).toBeUndefined()
  })
})
