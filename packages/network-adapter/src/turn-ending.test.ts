import { describe, expect, it } from "vitest"
import { foldEvents, ItemFold } from "./item-fold.js"
import { endTurn } from "./turn-ending.js"

const run = { agentId: "a", runId: "r" }

describe("endTurn", () => {
  const open = [
    { id: "m", type: "message" as const },
    { id: "t", type: "tool_call" as const },
  ]

  it("closes open items, a running tool call cancelled on cancel, then run-finished", () => {
    expect(endTurn(open, { ...run, status: "cancelled" })).toEqual([
      { type: "item-done", ...run, itemId: "m" },
      {
        type: "item-updated",
        ...run,
        itemId: "t",
        patch: { toolCall: { status: "cancelled" } },
      },
      { type: "item-done", ...run, itemId: "t" },
      { type: "run-finished", ...run, status: "cancelled" },
    ])
  })

  it("gives a running tool call an error that says why when the run ends otherwise", () => {
    const events = endTurn(open, { ...run, status: "ok" })
    expect(events[1]).toMatchObject({
      patch: { toolCall: { status: "error", error: expect.stringContaining("ended the turn") } },
    })
    expect(events.at(-1)).toEqual({ type: "run-finished", ...run, status: "ok" })
  })

  it("always carries an error on a run that failed", () => {
    expect(endTurn([], { ...run, status: "error" })).toEqual([
      {
        type: "run-finished",
        ...run,
        status: "error",
        error: expect.objectContaining({ code: "SERVER_ERROR", retryable: true }),
      },
    ])
  })

  it("ends what an ItemFold has open, and the fold then has nothing open", () => {
    const fold = new ItemFold()
    const started = [
      { type: "run-started", ...run },
      {
        type: "item-added",
        ...run,
        item: {
          id: "t",
          type: "tool_call",
          toolCall: { id: "c", name: "w", arguments: {}, status: "executing" },
        },
      },
    ] as const
    for (const event of started) fold.apply(event)
    const ending = endTurn(fold.openItems(), {
      ...run,
      status: "ok",
      toolCall: { status: "error" },
    })
    for (const event of ending) fold.apply(event)
    expect(fold.openItems()).toEqual([])
    expect(foldEvents([...started, ...ending])).toEqual(fold.items())
    expect(fold.items()[0]).toMatchObject({ toolCall: { status: "error" } })
  })
})
