import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { decodeAgentEvent, decodeItems } from "./decode.js"

const message = {
  id: "m1",
  type: "message",
  role: "assistant",
  content: "Hi",
  timestamp: "2026-01-01T00:00:00Z",
}
const toolCall = {
  id: "t1",
  type: "tool_call",
  toolCall: { id: "c1", name: "weather", arguments: { city: "Oslo" }, status: "pending" },
}

describe("decodeItems", () => {
  it.each([
    ["a JSON string (Modus)", JSON.stringify([message, toolCall])],
    ["an array (typed schema)", [message, toolCall]],
  ])("reads %s", (_, raw) => {
    expect(decodeItems(raw)).toEqual({ items: [message, toolCall], errors: [] })
  })

  it.each([
    ["not JSON", "[{", "are not valid JSON"],
    ["JSON but not a list", '{"items":[]}', "should be a list (a JSON array) but are a object"],
    ["missing", undefined, "should be a list (a JSON array) but are a undefined"],
    ["null", null, "but are null"],
  ])("reports items that are %s and shows none", (_, raw, problem) => {
    const { items, errors } = decodeItems(raw, "the answer")
    expect(items).toEqual([])
    expect(errors).toHaveLength(1)
    expect(errors[0]?.code).toBe("PROTOCOL_ERROR")
    expect(errors[0]?.message).toContain(problem)
  })

  it("skips an item that does not fit, names its problem, and keeps the others", () => {
    const raw = JSON.stringify([message, { ...message, id: "m2", role: "robot" }, toolCall])
    const { items, errors } = decodeItems(raw, "the answer")
    expect(items).toEqual([message, toolCall])
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      [
        "PROTOCOL_ERROR",
        "Item 2 of the answer was skipped because its role is not user, assistant or system.",
      ],
    ])
  })

  it("keeps one item per id when an id repeats, and says so", () => {
    const later = { ...message, content: "Hi there" }
    const { items, errors } = decodeItems([message, toolCall, later])
    expect(items).toEqual([later, toolCall])
    expect(errors[0]?.message).toMatch(/appears twice/)
  })

  it("refuses an oversized list without parsing it", () => {
    const { items, errors } = decodeItems(`[${" ".repeat(16 * 1024 * 1024)}]`)
    expect(items).toEqual([])
    expect(errors[0]?.code).toBe("PAYLOAD_TOO_LARGE")
  })
})

const agentId = "a1"
const event = (name: string, data: unknown) => ({
  name,
  data: typeof data === "string" ? data : JSON.stringify(data),
  timestamp: "2026-01-01T00:00:00Z",
})

describe("decodeAgentEvent", () => {
  it.each<[string, ReturnType<typeof event>, ChatEvent[]]>([
    ["subscribed", event("subscribed", { agentId }), []],
    [
      "run-started",
      event("run-started", { runId: "r1" }),
      [{ type: "run-started", agentId, runId: "r1" }],
    ],
    [
      "item",
      event("item", { runId: "r1", item: message }),
      [{ type: "item-added", agentId, runId: "r1", item: message as never }],
    ],
    [
      "text-delta",
      event("text-delta", { runId: "r1", itemId: "m1", delta: "lo" }),
      [{ type: "text-delta", agentId, runId: "r1", itemId: "m1", delta: "lo" }],
    ],
    [
      "tool-call-update",
      event("tool-call-update", { itemId: "t1", toolCall: { status: "executing", progress: 40 } }),
      [
        {
          type: "item-updated",
          agentId,
          itemId: "t1",
          patch: { toolCall: { status: "executing", progress: 40 } },
        },
      ],
    ],
    [
      "item-update",
      event("item-update", { itemId: "m1", patch: { content: "Hello" } }),
      [{ type: "item-updated", agentId, itemId: "m1", patch: { content: "Hello" } }],
    ],
    [
      "item-done",
      event("item-done", { runId: "r1", itemId: "m1" }),
      [{ type: "item-done", agentId, runId: "r1", itemId: "m1" }],
    ],
    [
      "error",
      event("error", { runId: "r1", code: "TOOL_EXECUTION_ERROR", message: "The tool broke." }),
      [
        {
          type: "error",
          agentId,
          runId: "r1",
          error: { code: "TOOL_EXECUTION_ERROR", message: "The tool broke.", retryable: true },
        },
      ],
    ],
    [
      "error with a code of its own",
      event("error", { code: "E_WEIRD", message: "Boom", retryable: false }),
      [
        {
          type: "error",
          agentId,
          error: { code: "SERVER_ERROR", message: "Boom", retryable: false },
        },
      ],
    ],
    [
      "done",
      event("done", { runId: "r1", status: "ok" }),
      [{ type: "run-finished", agentId, runId: "r1", status: "ok" }],
    ],
    [
      "done without a status",
      event("done", { runId: "r1" }),
      [{ type: "run-finished", agentId, runId: "r1", status: "ok" }],
    ],
    [
      "done with an error",
      event("done", { runId: "r1", status: "error", error: { message: "It failed." } }),
      [
        {
          type: "run-finished",
          agentId,
          runId: "r1",
          status: "error",
          error: { code: "SERVER_ERROR", message: "It failed.", retryable: true },
        },
      ],
    ],
    ["an unknown name", event("typing", { who: "agent" }), []],
  ])("decodes %s", (_, raw, expected) => {
    expect(decodeAgentEvent(agentId, raw)).toEqual(expected)
  })

  it("takes data that is already an object (a schema with a JSON scalar)", () => {
    expect(decodeAgentEvent(agentId, { name: "item-done", data: { itemId: "m1" } })).toEqual([
      { type: "item-done", agentId, itemId: "m1" },
    ])
  })

  it.each([
    ["no name", { data: "{}" }, "without a name"],
    ["not an object", "text-delta", "without a name"],
    ["data that is not JSON", event("text-delta", "{oops"), "is not valid JSON"],
    ["data that is a list", event("item-done", "[1]"), "is not an object"],
    ["a delta without itemId", event("text-delta", { delta: "x" }), "needs a string itemId"],
    ["a delta that is not text", event("text-delta", { itemId: "m1", delta: 5 }), "string delta"],
    ["an invalid item", event("item", { item: { ...message, role: "robot" } }), "role is not"],
    ["a tool update without toolCall", event("tool-call-update", { itemId: "t1" }), "toolCall"],
    [
      "a patch of the wrong type",
      event("item-update", { itemId: "m1", patch: { content: 1 } }),
      "wrong type",
    ],
    ["run-started without runId", event("run-started", {}), "has no runId"],
    ["done with an unknown status", event("done", { runId: "r1", status: "great" }), "status"],
  ])("reports an event with %s as a PROTOCOL_ERROR", (_, raw, problem) => {
    const events = decodeAgentEvent(agentId, raw)
    expect(events).toHaveLength(1)
    const [only] = events
    expect(only?.type).toBe("error")
    if (only?.type !== "error") return
    expect(only.error.code).toBe("PROTOCOL_ERROR")
    expect(only.error.message).toContain(problem)
    expect(only.agentId).toBe(agentId)
  })

  it("refuses data larger than the limit", () => {
    const [only] = decodeAgentEvent(agentId, event("text-delta", "x".repeat(101)), {
      maxEventSize: 100,
    })
    expect(only).toMatchObject({ type: "error", error: { code: "PAYLOAD_TOO_LARGE" } })
  })
})
