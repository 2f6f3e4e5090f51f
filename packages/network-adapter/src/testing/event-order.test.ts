import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { checkEventOrder } from "./event-order.js"

const agentId = "a"
const runId = "r1"
const message: ChatResponseItem = {
  id: "m",
  type: "message",
  role: "assistant",
  content: "",
  timestamp: "2026-01-01T00:00:00Z",
}
const tool: ChatResponseItem = {
  id: "t",
  type: "tool_call",
  toolCall: { id: "c", name: "weather", arguments: {}, status: "pending" },
}

const started: ChatEvent = { type: "run-started", agentId, runId }
const finished: ChatEvent = { type: "run-finished", agentId, runId, status: "ok" }
const addMessage: ChatEvent = { type: "item-added", agentId, runId, item: message }
const addTool: ChatEvent = { type: "item-added", agentId, runId, item: tool }
const delta: ChatEvent = { type: "text-delta", agentId, runId, itemId: "m", delta: "hi" }
const toolDelta: ChatEvent = { type: "text-delta", agentId, runId, itemId: "t", delta: "x" }
const update: ChatEvent = {
  type: "item-updated",
  agentId,
  runId,
  itemId: "t",
  patch: { toolCall: { status: "executing" } },
}
const messageDone: ChatEvent = { type: "item-done", agentId, runId, itemId: "m" }
const toolDone: ChatEvent = { type: "item-done", agentId, runId, itemId: "t" }
const connection: ChatEvent = { type: "connection-changed", status: "reconnecting" }
const adapterError: ChatEvent = {
  type: "error",
  error: { code: "CONNECTION_LOST", message: "Lost.", retryable: true },
}
const runError: ChatEvent = {
  type: "error",
  agentId,
  runId,
  error: { code: "SERVER_ERROR", message: "Failed.", retryable: true },
}

describe("checkEventOrder", () => {
  it.each<[string, ChatEvent[]]>([
    ["nothing at all", []],
    ["an empty run", [started, finished]],
    ["a streamed message", [started, addMessage, delta, delta, messageDone, finished]],
    [
      "a tool call and a message interleaved",
      [started, addTool, addMessage, update, delta, toolDone, messageDone, finished],
    ],
    [
      "an item added again (upsert)",
      [started, addMessage, addMessage, delta, messageDone, finished],
    ],
    ["item-done twice", [started, addMessage, messageDone, messageDone, finished]],
    [
      "connection changes and adapter-wide errors anywhere",
      [
        connection,
        started,
        adapterError,
        addMessage,
        connection,
        messageDone,
        finished,
        connection,
      ],
    ],
    [
      "a failed run that leaves an item open",
      [
        started,
        addMessage,
        delta,
        runError,
        { type: "run-finished", agentId, runId, status: "error" },
      ],
    ],
    [
      "a cancelled run that leaves an item open",
      [started, addTool, { type: "run-finished", agentId, runId, status: "cancelled" }],
    ],
    [
      "a failed run",
      [started, runError, { type: "run-finished", agentId, runId, status: "error" }],
    ],
    [
      "two runs one after the other",
      [
        started,
        finished,
        { type: "run-started", agentId, runId: "r2" },
        { type: "run-finished", agentId, runId: "r2", status: "ok" },
      ],
    ],
    [
      "events without a runId inside a run",
      [
        started,
        { type: "item-added", agentId, item: message },
        { type: "item-done", agentId, itemId: "m" },
        finished,
      ],
    ],
  ])("accepts %s", (_, events) => {
    expect(checkEventOrder(events)).toEqual([])
  })

  it.each<[string, ChatEvent[], string]>([
    [
      "an item before run-started",
      [addMessage, started, finished],
      "event 0 (item-added): came outside a run",
    ],
    [
      "a delta for an item never added",
      [started, delta, finished],
      "event 1 (text-delta): item m was never added",
    ],
    [
      "a delta after item-done",
      [started, addMessage, messageDone, delta, finished],
      "event 3 (text-delta): item m is already done",
    ],
    [
      "an update after item-done",
      [started, addTool, toolDone, update, finished],
      "event 3 (item-updated): item t is already done",
    ],
    [
      "a delta for a tool call",
      [started, addTool, toolDelta, toolDone, finished],
      "item t is a tool_call, not a message",
    ],
    [
      "item-done for an unknown item",
      [started, toolDone, finished],
      "event 1 (item-done): item t was never added",
    ],
    [
      "an item left open",
      [started, addMessage, finished],
      "event 2 (run-finished): item m was never done",
    ],
    ["no run-finished", [started, addMessage, messageDone], "no run-finished"],
    [
      "an event after run-finished",
      [started, finished, delta],
      "event 2 (text-delta): came outside a run (before run-started or after run-finished)",
    ],
    [
      "a second run-started inside a run",
      [started, { type: "run-started", agentId, runId: "r2" }],
      "run r2 started while run r1 was running",
    ],
    ["the same run started twice", [started, finished, started, finished], "run r1 started twice"],
    [
      "an event of another run",
      [started, { type: "item-added", agentId, runId: "r9", item: message }, messageDone, finished],
      "is for run r9, but run r1 is running",
    ],
    [
      "an event of another agent",
      [started, { type: "item-added", agentId: "b", runId, item: message }, messageDone, finished],
      "is for agent b, but the run is agent a's",
    ],
    [
      "an item coming back as another kind",
      [started, addMessage, { ...addTool, item: { ...tool, id: "m" } }, messageDone, finished],
      "item m came again as a tool_call, was a message",
    ],
  ])("rejects %s", (_, events, problem) => {
    const problems = checkEventOrder(events)
    expect(
      problems.some((found) => found.includes(problem)),
      problems.join("\n"),
    ).toBe(true)
  })

  it("lets a sequence end mid-run when asked not to require the finish", () => {
    expect(checkEventOrder([started, addMessage], { requireFinished: false })).toEqual([])
  })
})
