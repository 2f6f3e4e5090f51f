import { describe, expect, it } from "vitest"
import type { LogEntry } from "./devtools-log.js"
import { wiresSeen } from "./entry-text.js"

const wire = (sequence: number, name: string): LogEntry => ({
  sequence,
  at: sequence,
  commits: 0,
  kind: "wire",
  traffic: { direction: "in", wire: name, data: "{}" },
})
const event = (sequence: number): LogEntry => ({
  sequence,
  at: sequence,
  commits: 0,
  kind: "event",
  event: { type: "run-started", agentId: "a", runId: "r" },
})

describe("wiresSeen", () => {
  it("adds the wires not seen yet, in the order first seen", () => {
    expect(wiresSeen([], [event(1), wire(2, "haip"), wire(3, "sse"), wire(4, "haip")])).toEqual([
      "haip",
      "sse",
    ])
    expect(wiresSeen(["sse"], [wire(5, "graphql"), wire(6, "sse")])).toEqual(["sse", "graphql"])
  })

  it("gives back the same list when nothing is new (no re-render for the panel)", () => {
    const known = ["haip"]
    expect(wiresSeen(known, [wire(1, "haip"), event(2)])).toBe(known)
    expect(wiresSeen(known, [])).toBe(known)
  })
})
