import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import type { LogEntry } from "./devtools-log.js"
import { RunSummarizer, summarizeRuns } from "./run-summary.js"

let sequence = 0
const event = (at: number, commits: number, value: ChatEvent): LogEntry => ({
  sequence: ++sequence,
  at,
  commits,
  kind: "event",
  event: value,
})
const flush = (at: number, commits: number, agentId: string): LogEntry => ({
  sequence: ++sequence,
  at,
  commits,
  kind: "flush",
  diff: [{ conversationId: "c", agentId, added: [], changed: ["m"], removed: [] }],
})
const frame = (at: number, agentId: string): LogEntry => ({
  sequence: ++sequence,
  at,
  commits: 0,
  kind: "wire",
  traffic: { direction: "in", wire: "sse", data: "data: {}", agentId },
})

describe("summarizeRuns", () => {
  it("measures time to first token, tokens per second, frames, flushes and commits of a run", () => {
    const entries: LogEntry[] = [
      event(100, 10, { type: "run-started", agentId: "a", runId: "r" }),
      frame(140, "a"),
      event(150, 10, { type: "text-delta", agentId: "a", itemId: "m", delta: "Hel" }),
      flush(160, 11, "a"),
      frame(640, "a"),
      event(650, 11, { type: "text-delta", agentId: "a", itemId: "m", delta: "lo" }),
      event(660, 11, { type: "some-kind-added-later", agentId: "a" } as unknown as ChatEvent),
      event(670, 11, { type: "run-finished", agentId: "a", runId: "r", status: "ok" }),
      flush(680, 13, "a"),
      frame(700, "b"),
    ]
    expect(summarizeRuns(entries)).toEqual([
      {
        runId: "r",
        agentId: "a",
        timeToFirstTokenMs: 50,
        tokensPerSecond: 4,
        tokens: 2,
        framesReceived: 2,
        storeFlushes: 2,
        reactCommits: 3,
        finished: true,
      },
    ])
  })

  it("summarizes as entries come: batches give what one pass gives, an entry taken twice counts once, and a run with no entry kept drops out", () => {
    const first = [
      event(0, 0, { type: "run-started", agentId: "a", runId: "r1" }),
      event(10, 0, { type: "text-delta", agentId: "a", itemId: "m", delta: "a" }),
      event(20, 1, { type: "run-finished", agentId: "a", runId: "r1", status: "ok" }),
      flush(30, 2, "a"),
    ]
    const second = [
      event(100, 2, { type: "run-started", agentId: "a", runId: "r2" }),
      frame(110, "a"),
      event(120, 2, { type: "text-delta", agentId: "a", itemId: "n", delta: "b" }),
      event(130, 3, { type: "text-delta", agentId: "a", itemId: "n", delta: "c" }),
      flush(140, 4, "a"),
    ]
    const summarizer = new RunSummarizer()
    for (const entry of first) summarizer.add(entry)
    // A render done twice hands the same entries again.
    for (const entry of [...first, ...second.slice(0, 2)]) summarizer.add(entry)
    for (const entry of second) summarizer.add(entry)
    expect(summarizer.summaries()).toEqual(summarizeRuns([...first, ...second]))
    // Once the log no longer holds r1's entries, only r2 is listed.
    const r2 = summarizer.summaries(second[0]?.sequence)
    expect(r2.map((run) => run.runId)).toEqual(["r2"])
    expect(r2[0]).toMatchObject({ tokens: 2, framesReceived: 1, storeFlushes: 1, finished: false })
  })
})
