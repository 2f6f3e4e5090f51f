import { checkEventOrder, foldEvents } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ChatResponseItem, MessageItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { StreamRouter } from "./stream-router.js"

const agentId = "a1"
const message = (content: string): MessageItem => ({
  id: "m1",
  type: "message",
  role: "assistant",
  content,
  timestamp: "2026-01-01T00:00:00Z",
})
const wire = (name: string, data: Record<string, unknown>) => ({ name, data: JSON.stringify(data) })

function setup(doneTimeoutMs = 5_000) {
  const events: ChatEvent[] = []
  const router = new StreamRouter((event) => events.push(event), {
    maxEventSize: 1_000_000,
    doneTimeoutMs,
  })
  const send = (name: string, data: Record<string, unknown>) =>
    router.handle(agentId, wire(name, data))
  return { events, router, send }
}

describe("StreamRouter", () => {
  it("holds run-finished until the answer's items are out, then ends the run", async () => {
    const { events, router, send } = setup()
    const turn = router.beginTurn(agentId)
    send("run-started", { runId: "r1" })
    send("item", { runId: "r1", item: message("") })
    send("text-delta", { runId: "r1", itemId: "m1", delta: "Hel" })
    send("done", { runId: "r1", status: "ok" })
    expect(events.map((event) => event.type)).toEqual(["run-started", "item-added", "text-delta"])

    await turn.finish([message("Hello")], undefined)
    expect(events.map((event) => event.type)).toEqual([
      "run-started",
      "item-added",
      "text-delta",
      "item-added",
      "item-done",
      "run-finished",
    ])
    expect(checkEventOrder(events)).toEqual([])
    expect(foldEvents(events)).toEqual([message("Hello")])
  })

  it("waits for a done that comes after the answer", async () => {
    const { events, router, send } = setup()
    const turn = router.beginTurn(agentId)
    send("run-started", { runId: "r1" })
    send("item", { runId: "r1", item: message("") })
    const finishing = turn.finish([message("Hi")], undefined)
    send("text-delta", { runId: "r1", itemId: "m1", delta: "Hi" })
    send("item-done", { runId: "r1", itemId: "m1" })
    send("done", { runId: "r1", status: "ok" })
    await finishing
    expect(events.at(-1)).toMatchObject({ type: "run-finished", runId: "r1" })
    expect(checkEventOrder(events)).toEqual([])
    expect(foldEvents(events)).toEqual([message("Hi")])
  })

  it("drops events that come late for items the answer made final", async () => {
    const { events, router, send } = setup()
    const turn = router.beginTurn(agentId)
    send("run-started", { runId: "r1" })
    send("item", { runId: "r1", item: message("") })
    send("done", { runId: "r1", status: "ok" })
    await turn.finish([message("Done")], undefined)
    const settled = events.length
    send("text-delta", { runId: "r1", itemId: "m1", delta: "Done" })
    send("item", { runId: "r1", item: message("") })
    expect(events.slice(settled)).toEqual([])
    expect(foldEvents(events)).toEqual([message("Done")])
  })

  it("ends a run whose done was lost, and drops that done if it comes after all", async () => {
    const { events, router, send } = setup(20)
    const turn = router.beginTurn(agentId)
    send("run-started", { runId: "r1" })
    send("item", { runId: "r1", item: message("") })
    await turn.finish([message("Whole")], undefined)
    expect(events.at(-1)).toEqual({ type: "run-finished", agentId, runId: "r1", status: "ok" })
    const settled = events.length
    send("item-done", { runId: "r1", itemId: "m1" })
    send("done", { runId: "r1", status: "ok" })
    expect(events.slice(settled)).toEqual([])
    expect(checkEventOrder(events)).toEqual([])
  })

  it("after a cancel drops the run's late text but lets it close", () => {
    const { events, router, send } = setup()
    const turn = router.beginTurn(agentId)
    send("run-started", { runId: "r1" })
    send("item", { runId: "r1", item: message("") })
    turn.abandon(true)
    const settled = events.length
    send("text-delta", { runId: "r1", itemId: "m1", delta: "late" })
    send("item", { runId: "r1", item: { ...message(""), id: "m2" } })
    send("item-done", { runId: "r1", itemId: "m1" })
    send("done", { runId: "r1", status: "cancelled" })
    expect(events.slice(settled).map((event) => event.type)).toEqual(["item-done", "run-finished"])
    expect(checkEventOrder(events)).toEqual([])
  })

  it("lets a held run-finished go when the call fails", () => {
    const { events, router, send } = setup()
    const turn = router.beginTurn(agentId)
    send("run-started", { runId: "r1" })
    send("error", { runId: "r1", message: "Broke." })
    send("done", { runId: "r1", status: "error", error: { message: "Broke." } })
    expect(events.map((event) => event.type)).toEqual(["run-started", "error"])
    turn.abandon(false)
    turn.abandon(false)
    expect(events.map((event) => event.type)).toEqual(["run-started", "error", "run-finished"])
  })

  it("on recovery re-emits what the stream missed, but not the user's messages or final items", async () => {
    const { events, router, send } = setup()
    const turn = router.beginTurn(agentId)
    send("run-started", { runId: "r1" })
    send("item", { runId: "r1", item: message("") })
    send("done", { runId: "r1", status: "ok" })
    await turn.finish([message("First")], undefined)
    const settled = events.length
    const user: ChatResponseItem = { ...message("hi"), id: "u1", role: "user" }
    const missed: ChatResponseItem = { ...message("Missed"), id: "m2" }
    router.recover(agentId, [user, message("First"), missed])
    expect(events.slice(settled)).toEqual([
      { type: "item-added", agentId, item: missed },
      { type: "item-done", agentId, itemId: "m2" },
    ])
  })

  it("reports a malformed event as an error and carries on", () => {
    const { events, send } = setup()
    send("text-delta", { itemId: 5 })
    expect(events).toMatchObject([{ type: "error", agentId, error: { code: "PROTOCOL_ERROR" } }])
  })
})
