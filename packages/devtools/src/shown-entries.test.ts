import { describe, expect, it } from "vitest"
import type { LogEntry } from "./devtools-log.js"
import { type EntryFilters, showEntries } from "./shown-entries.js"

let sequence = 0
const event = (type: "text-delta" | "run-started", agentId: string): LogEntry => {
  sequence += 1
  return {
    sequence,
    at: sequence,
    commits: 0,
    kind: "event",
    event:
      type === "run-started"
        ? { type, agentId, runId: `run-${sequence}` }
        : { type, agentId, itemId: "m", delta: `token ${sequence}` },
  }
}
const wire = (agentId: string): LogEntry => {
  sequence += 1
  return {
    sequence,
    at: sequence,
    commits: 0,
    kind: "wire",
    traffic: { direction: "in", wire: "sse", data: `frame ${sequence}`, agentId },
  }
}

/** What a full pass gives: the reference the incremental one must match. */
function fullPass(entries: readonly LogEntry[], filters: EntryFilters) {
  return showEntries(entries, filters)
}

const filterSets: EntryFilters[] = [
  { agent: "", type: "", search: "" },
  { agent: "b", type: "", search: "" },
  { agent: "", type: "text-delta", search: "" },
  { agent: "", type: "", search: "7" },
]

describe("showEntries", () => {
  it("filters each new snapshot from the last one as a full pass would, through appends, trims, clears and filter changes", () => {
    // A log's snapshots: appended to, trimmed at the front, cleared, appended again.
    let log: LogEntry[] = []
    const snapshots: LogEntry[][] = []
    const grow = (count: number) => {
      for (let index = 0; index < count; index++) {
        const agent = index % 3 === 0 ? "b" : "a"
        log.push(
          index % 4 === 0 ? wire(agent) : event(index % 5 ? "text-delta" : "run-started", agent),
        )
      }
      snapshots.push([...log])
    }
    grow(30)
    grow(25)
    log = log.slice(40)
    grow(12)
    grow(0)
    log = []
    snapshots.push([])
    grow(9)
    log = log.slice(20) // trimmed past everything the last snapshot held
    grow(7)

    for (const filters of filterSets) {
      let shown = showEntries([], filters)
      for (const [index, snapshot] of snapshots.entries()) {
        // Change the filters on one step, to check a change starts afresh.
        const now = index === 3 ? { ...filters, search: "token" } : filters
        shown = showEntries(snapshot, now, shown)
        const expected = fullPass(snapshot, now)
        expect(shown.timeline).toEqual(expected.timeline)
        expect(shown.wire).toEqual(expected.wire)
        expect(shown.timeline.length + shown.wire.length).toBeLessThanOrEqual(snapshot.length)
      }
    }
  })

  it("splits the timeline from the wire and lists the conversations and types seen", () => {
    const entries = [event("run-started", "a"), wire("a"), event("text-delta", "b")]
    const shown = showEntries(entries, { agent: "", type: "", search: "" })
    expect(shown.timeline.map((entry) => entry.kind)).toEqual(["event", "event"])
    expect(shown.wire).toHaveLength(1)
    expect(shown.agents).toEqual(["a", "b"])
    expect(shown.types).toEqual(["run-started", "sse in", "text-delta"])
    const onlyB = showEntries(entries, { agent: "b", type: "", search: "" }, shown)
    expect(onlyB.timeline.map((entry) => entry.sequence)).toEqual([entries[2]?.sequence])
  })
})
