import type { AdapterRecording, RecordingEntry } from "@aichatkit/network-adapter"
import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { ReplayAdapter } from "./replay-adapter.js"

const item = (id: string, content: string) =>
  ({
    id,
    type: "message",
    role: "assistant",
    content,
    timestamp: "2026-01-01T00:00:00.000Z",
  }) as const

/** A recording of one agent ("rec") and one turn whose two deltas came 200 ms apart. */
function recording(): AdapterRecording {
  const entries: RecordingEntry[] = [
    { at: 0, kind: "start", agentId: "rec" },
    { at: 10, kind: "send", agentId: "rec", turn: 1, message: "hi" },
    { at: 20, kind: "event", event: { type: "run-started", agentId: "rec", runId: "r1" } },
    {
      at: 30,
      kind: "event",
      event: { type: "item-added", agentId: "rec", runId: "r1", item: item("m1", "") },
    },
    {
      at: 40,
      kind: "event",
      event: { type: "text-delta", agentId: "rec", itemId: "m1", delta: "Hel" },
    },
    {
      at: 240,
      kind: "event",
      event: { type: "text-delta", agentId: "rec", itemId: "m1", delta: "lo" },
    },
    { at: 250, kind: "event", event: { type: "item-done", agentId: "rec", itemId: "m1" } },
    {
      at: 260,
      kind: "event",
      event: { type: "run-finished", agentId: "rec", runId: "r1", status: "ok" },
    },
    {
      at: 270,
      kind: "answer",
      agentId: "rec",
      turn: 1,
      response: { items: [item("m1", "Hello")], conversationId: "rec" },
    },
  ]
  return {
    format: "aichatkit-recording",
    version: 1,
    adapter: "TestAdapter",
    capabilities: { streaming: true, cancel: true, resume: false, toolCalls: true, cards: true },
    recordedAt: "2026-01-01T00:00:00.000Z",
    entries,
  }
}

function listen(adapter: ReplayAdapter, agentId: string): ChatEvent[] {
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  return events
}

describe("ReplayAdapter", () => {
  it("replays a turn's events for the live agent and resolves with the recorded answer", async () => {
    const adapter = new ReplayAdapter(recording(), { speed: Number.POSITIVE_INFINITY })
    const agentId = await adapter.startChatAgent()
    const events = listen(adapter, agentId)
    const response = await adapter.sendMessage(agentId, "anything")
    expect(events.map((event) => event.type)).toEqual([
      "run-started",
      "item-added",
      "text-delta",
      "text-delta",
      "item-done",
      "run-finished",
    ])
    expect(events.every((event) => "agentId" in event && event.agentId === agentId)).toBe(true)
    expect(response).toEqual({ items: [item("m1", "Hello")], conversationId: agentId })
    expect(await adapter.getConversationItems(agentId)).toEqual([item("m1", "Hello")])
    expect(adapter.capabilities).toMatchObject({ streaming: true, cancel: false })
  })

  it("says it cannot do what needs a live server, whatever the recorded adapter could", () => {
    const recorded = recording()
    const live = { ...recorded.capabilities, resume: true, toolApproval: true, attachments: true }
    const adapter = new ReplayAdapter({ ...recorded, capabilities: live })
    expect(adapter.capabilities).toEqual({
      streaming: true,
      toolCalls: true,
      cards: true,
      cancel: false,
      resume: false,
      toolApproval: false,
      attachments: false,
    })
  })

  it("keeps the recorded pace divided by speed", async () => {
    const adapter = new ReplayAdapter(recording(), { speed: 2 })
    const agentId = await adapter.startChatAgent()
    const startedAt = performance.now()
    await adapter.sendMessage(agentId, "hi")
    // 250 ms recorded between the send and the last event: at twice the speed, 125 ms at least.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(120)
  })

  it("holds each event until step() releases it", async () => {
    const adapter = new ReplayAdapter(recording(), { step: true })
    const agentId = await adapter.startChatAgent()
    const events = listen(adapter, agentId)
    const answered = adapter.sendMessage(agentId, "hi")
    await Promise.resolve()
    expect(events).toEqual([])
    expect(adapter.held).toBe(1)
    expect(adapter.step()).toBe(true)
    await Promise.resolve()
    expect(events.map((event) => event.type)).toEqual(["run-started"])
    while (adapter.held > 0 || events.length < 6) {
      adapter.step()
      await Promise.resolve()
    }
    await expect(answered).resolves.toMatchObject({ conversationId: agentId })
    expect(adapter.step()).toBe(false)
  })

  it("gives the items of a turn played again new ids", async () => {
    const adapter = new ReplayAdapter(recording(), { speed: Number.POSITIVE_INFINITY })
    const agentId = await adapter.startChatAgent()
    const first = await adapter.sendMessage(agentId, "hi")
    const second = await adapter.sendMessage(agentId, "hi")
    expect(first.items[0]?.id).toBe("m1")
    expect(second.items[0]?.id).toBe("m1~1")
    expect((await adapter.getConversationItems(agentId)).map((entry) => entry.id)).toEqual([
      "m1",
      "m1~1",
    ])
  })

  it("rejects calls for an agent it did not start or that stopped, and an empty message", async () => {
    const adapter = new ReplayAdapter(recording(), { speed: Number.POSITIVE_INFINITY })
    await expect(adapter.sendMessage("nobody", "hi")).rejects.toMatchObject({
      code: "AGENT_NOT_RUNNING",
    })
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "  ")).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })
    await adapter.stopChatAgent(agentId)
    await expect(adapter.getConversationItems(agentId)).rejects.toMatchObject({
      code: "AGENT_NOT_RUNNING",
    })
    expect(() => new ReplayAdapter(recording(), { speed: 0 })).toThrow(RangeError)
  })
})

describe("ReplayAdapter wire", () => {
  it("replays the turn's recorded wire traffic to wire observers, for the live agent", async () => {
    const recorded = recording()
    recorded.entries.splice(3, 0, {
      at: 25,
      kind: "wire",
      traffic: { direction: "in", wire: "sse", data: "data: {}\n\n", agentId: "rec" },
    })
    const adapter = new ReplayAdapter(recorded, { speed: Number.POSITIVE_INFINITY })
    const agentId = await adapter.startChatAgent()
    const traffic: unknown[] = []
    adapter.observeWire((piece) => traffic.push(piece))
    await adapter.sendMessage(agentId, "hi")
    expect(traffic).toEqual([{ direction: "in", wire: "sse", data: "data: {}\n\n", agentId }])
  })
})
