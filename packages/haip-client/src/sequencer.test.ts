import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Sequencer } from "./sequencer.js"

type Frame = { id: string; seq: string }
const frame = (seq: number, id = `f${seq}`): Frame => ({ id, seq: String(seq) })
const seqs = (frames: Frame[]) => frames.map((entry) => Number(entry.seq))

describe("Sequencer (counter seq)", () => {
  it("delivers in order, drops duplicates and fills gaps", () => {
    const sequencer = new Sequencer<Frame>()
    sequencer.reset({ ordered: true })
    expect(sequencer.accept(frame(1))).toEqual({ kind: "deliver", frames: [frame(1)] })
    expect(sequencer.accept(frame(1))).toEqual({ kind: "duplicate" })
    expect(sequencer.accept(frame(3))).toEqual({ kind: "held" })
    expect(sequencer.accept(frame(3))).toEqual({ kind: "duplicate" })
    expect(sequencer.missingRange()).toEqual({ from: 2, to: 2 })
    const verdict = sequencer.accept(frame(2))
    expect(verdict.kind === "deliver" && seqs(verdict.frames)).toEqual([2, 3])
    expect(sequencer.lastDelivered).toBe(3)
    expect(sequencer.missingRange()).toBeUndefined()
  })

  it("treats a seq consumed by a handshake frame as delivered", () => {
    const sequencer = new Sequencer<Frame>()
    sequencer.reset({ ordered: true, baseline: 4 })
    expect(sequencer.accept(frame(6))).toEqual({ kind: "held" })
    expect(seqs(sequencer.markConsumed(5))).toEqual([6])
    expect(sequencer.lastDelivered).toBe(6)
  })

  it("skips a gap that never fills, delivering what was held", () => {
    const sequencer = new Sequencer<Frame>()
    sequencer.reset({ ordered: true })
    sequencer.accept(frame(1))
    sequencer.accept(frame(4))
    sequencer.accept(frame(5))
    expect(seqs(sequencer.skipGap())).toEqual([4, 5])
    expect(sequencer.lastDelivered).toBe(5)
  })
})

describe("Sequencer (timestamp seq of a reference server)", () => {
  it("delivers as frames come and drops repeats by id", () => {
    const sequencer = new Sequencer<Frame>()
    sequencer.reset({ ordered: false })
    expect(sequencer.accept(frame(1700000000005, "a")).kind).toBe("deliver")
    expect(sequencer.accept(frame(1700000000001, "b")).kind).toBe("deliver")
    expect(sequencer.accept(frame(1700000000005, "a")).kind).toBe("duplicate")
    expect(sequencer.accept(frame(1700000000005, "c")).kind).toBe("deliver")
  })
})

describe("Sequencer property", () => {
  it("delivers every seq exactly once, in order, whatever the arrival order and repeats", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (count, shuffleKeys, duplicates) => {
          const arrivals = Array.from({ length: count }, (_, index) => index + 1)
          // Shuffle deterministically from the generated keys, then add repeats.
          for (let index = arrivals.length - 1; index > 0; index--) {
            const swap = (shuffleKeys[index % Math.max(1, shuffleKeys.length)] ?? 0) % (index + 1)
            const current = arrivals[index] as number
            arrivals[index] = arrivals[swap] as number
            arrivals[swap] = current
          }
          for (const duplicate of duplicates)
            arrivals.splice(duplicate % (arrivals.length + 1), 0, (duplicate % count) + 1)
          const sequencer = new Sequencer<Frame>()
          sequencer.reset({ ordered: true })
          const delivered: number[] = []
          for (const seq of arrivals) {
            const verdict = sequencer.accept(frame(seq))
            if (verdict.kind === "deliver") delivered.push(...seqs(verdict.frames))
          }
          expect(delivered).toEqual(Array.from({ length: count }, (_, index) => index + 1))
          expect(sequencer.lastDelivered).toBe(count)
          expect(sequencer.heldCount).toBe(0)
        },
      ),
    )
  })
})
