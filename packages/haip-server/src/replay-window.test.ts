import { describe, expect, it } from "vitest"
import { ReplayWindow, type SentFrame } from "./replay-window.js"

const frame = (seq: number, sentAt = 0): SentFrame => ({
  seq,
  text: `f${seq}`,
  channel: "AGENT",
  type: "MESSAGE",
  sentAt,
})

describe("ReplayWindow", () => {
  it("returns a range in order", () => {
    const window = new ReplayWindow()
    for (let seq = 1; seq <= 10; seq++) window.add(frame(seq))
    expect(window.range(4, 6).map((f) => f.seq)).toEqual([4, 5, 6])
    expect(window.range(9).map((f) => f.seq)).toEqual([9, 10])
  })

  it("keeps at least minFrames however old, and young frames beyond that up to maxFrames", () => {
    const window = new ReplayWindow({ minFrames: 5, maxAgeMs: 1000, maxFrames: 8 })
    for (let seq = 1; seq <= 20; seq++) window.add(frame(seq, 0))
    expect(window.size).toBe(8)
    window.add(frame(21, 5000))
    expect(window.size).toBe(5)
    expect(window.firstSeq).toBe(17)
    expect(window.covers(17, 21)).toBe(true)
    expect(window.covers(16, 21)).toBe(false)
    expect(window.covers(22, 21)).toBe(true)
  })

  it("keeps frames while they are younger than maxAgeMs", () => {
    const window = new ReplayWindow({ minFrames: 2, maxAgeMs: 1000, maxFrames: 100 })
    for (let seq = 1; seq <= 10; seq++) window.add(frame(seq, seq))
    expect(window.size).toBe(10)
  })

  it("lets acknowledged frames beyond minFrames go, however young", () => {
    const window = new ReplayWindow({ minFrames: 3, maxAgeMs: 60_000, maxFrames: 100 })
    for (let seq = 1; seq <= 10; seq++) window.add(frame(seq, 0))
    expect(window.size).toBe(10)
    window.acknowledge(6, 1)
    expect(window.firstSeq).toBe(7)
    window.acknowledge(10, 2)
    expect(window.size).toBe(3)
    expect(window.firstSeq).toBe(8)
  })
})
