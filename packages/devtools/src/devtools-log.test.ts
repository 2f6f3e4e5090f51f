import { describe, expect, it } from "vitest"
import { DevtoolsLog, MAX_LOG_ENTRIES } from "./devtools-log.js"

const changed = (log: DevtoolsLog) =>
  new Promise<void>((resolve) => {
    const stop = log.subscribe(() => {
      stop()
      resolve()
    })
  })

const delta = (index: number) =>
  ({
    kind: "event",
    event: { type: "text-delta", agentId: "a", itemId: "m", delta: String(index) },
  }) as const

describe("DevtoolsLog", () => {
  it("tells its listeners once for everything added in one frame", async () => {
    const log = new DevtoolsLog()
    let calls = 0
    log.subscribe(() => {
      calls += 1
    })
    const next = changed(log)
    for (let index = 0; index < 50; index++) log.add(delta(index))
    expect(log.entries).toEqual([])
    await next
    expect(calls).toBe(1)
    expect(log.entries.map((entry) => entry.sequence)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    )
  })

  it("keeps the last MAX_LOG_ENTRIES, keeps nothing while paused, and clears", async () => {
    const log = new DevtoolsLog()
    let next = changed(log)
    for (let index = 0; index < MAX_LOG_ENTRIES + 10; index++) log.add(delta(index))
    await next
    expect(log.entries).toHaveLength(MAX_LOG_ENTRIES)
    expect(log.entries[0]?.sequence).toBe(11)

    next = changed(log)
    log.setPaused(true)
    log.add(delta(-1))
    await next
    expect(log.entries.at(-1)?.sequence).toBe(MAX_LOG_ENTRIES + 10)

    next = changed(log)
    log.clear()
    await next
    expect(log.entries).toEqual([])
  })

  it("gives a forwarding listener each entry once, in order, as the oldest are dropped and after a clear", async () => {
    const log = new DevtoolsLog()
    const forwarded: number[] = []
    let sent = 0
    // As Storybook's preview forwards the log to its panel.
    log.subscribe(() => {
      const fresh = log.entriesAfter(sent)
      sent = fresh.at(-1)?.sequence ?? sent
      forwarded.push(...fresh.map((entry) => entry.sequence))
    })
    let next = changed(log)
    for (let index = 0; index < 3; index++) log.add(delta(index))
    await next
    expect(log.entriesAfter(1).map((entry) => entry.sequence)).toEqual([2, 3])
    expect(log.entriesAfter(3)).toEqual([])
    // A frame's worth past what the log keeps: the first ones go before anyone saw them.
    next = changed(log)
    for (let index = 0; index < MAX_LOG_ENTRIES + 100; index++) log.add(delta(index))
    await next
    expect(log.entries[0]?.sequence).toBe(104)
    next = changed(log)
    for (let index = 0; index < 10; index++) log.add(delta(index))
    await next
    next = changed(log)
    log.clear()
    await next
    next = changed(log)
    log.add(delta(0))
    await next
    const last = MAX_LOG_ENTRIES + 114
    expect(forwarded).toEqual([
      1,
      2,
      3,
      ...Array.from({ length: MAX_LOG_ENTRIES + 10 }, (_, index) => 104 + index),
      last,
    ])
  })
})
