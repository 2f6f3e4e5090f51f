/**
 * Regenerating the last answer over HAIP, adapter and our server on a real socket: the server's
 * HAI announces `regenerate_last`, the adapter sends MESSAGE `{ regenerate: true }` in a run it
 * names, and the server answers the last message again, the old answer gone from both sides.
 */
import { startTestServer } from "@aichatkit/haip-server/testing"
import { checkEventOrder } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"
import { capabilitiesWithServer } from "./options.js"
import { regenerateProblem } from "./regenerate.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setUp(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options)
  cleanups.push(() => server.close())
  const adapter = new HAIPAdapter({ url: server.url, token: "Bearer TOKEN", tool: "script" })
  cleanups.push(() => adapter.close())
  const before = adapter.capabilities.regenerateLast
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  const sent: unknown[] = []
  adapter.observeWire((traffic) => {
    if (traffic.direction === "out") sent.push(traffic.data)
  })
  return { adapter, agentId, events, sent, before, server }
}

const describeItems = (items: readonly ChatResponseItem[]) =>
  items.map((item) => (item.type === "message" ? `${item.role}: ${item.content}` : item.type))

describe("HAIPAdapter: regenerate the last answer against our server", () => {
  it("says regenerateLast once the server's HAI announced it, and answers the last message again", async () => {
    const { adapter, agentId, events, sent, before } = await setUp()
    expect(before).not.toBe(true)
    expect(adapter.capabilities.regenerateLast).toBe(true)
    expect(adapter.capabilities.branching).not.toBe(true)
    await adapter.sendMessage(agentId, "echo first")
    const first = await adapter.sendMessage(agentId, "count 2")
    const from = events.length
    const again = await adapter.sendMessage(agentId, "count 2", { regenerate: true })
    expect(sent.at(-1)).toMatchObject({ type: "MESSAGE", payload: { regenerate: true } })
    const turn = events.slice(from)
    expect(checkEventOrder(turn)).toEqual([])
    const added = turn.flatMap((event) => (event.type === "item-added" ? [event.item] : []))
    expect(describeItems(added)).toEqual(["assistant: 1", "assistant: 2"])
    expect(turn.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    expect(describeItems(again.items)).toEqual(["assistant: 1", "assistant: 2"])
    const firstIds = first.items.map((item) => item.id)
    expect(again.items.some((item) => firstIds.includes(item.id))).toBe(false)
    // The transcript holds the new answer in place of the old one, as the server's history does.
    const items = await adapter.getConversationItems(agentId)
    expect(describeItems(items)).toEqual([
      "user: echo first",
      "assistant: echo: echo first",
      "user: count 2",
      "assistant: 1",
      "assistant: 2",
    ])
    expect(items.slice(-2).map((item) => item.id)).toEqual(again.items.map((item) => item.id))
  })

  it("refuses with INVALID_INPUT when there is no answer yet, sending nothing", async () => {
    const { adapter, agentId, sent } = await setUp()
    await expect(adapter.sendMessage(agentId, "x", { regenerate: true })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("no answer"),
    })
    expect(sent).toEqual([])
    const answered = await adapter.sendMessage(agentId, "whole")
    expect(describeItems(answered.items)).toEqual(["user: whole", "assistant: a whole answer"])
  })

  it("refuses with INVALID_INPUT while an answer is arriving, and the answer goes on", async () => {
    const { adapter, agentId, events } = await setUp()
    await adapter.sendMessage(agentId, "whole")
    const abort = new AbortController()
    const running = adapter.sendMessage(agentId, "slow", { signal: abort.signal })
    running.catch(() => undefined)
    await expect.poll(() => events.some((event) => event.type === "text-delta")).toBe(true)
    await expect(adapter.sendMessage(agentId, "slow", { regenerate: true })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("still arriving"),
    })
    const deltas = events.filter((event) => event.type === "text-delta").length
    await expect
      .poll(() => events.filter((event) => event.type === "text-delta").length)
      .toBeGreaterThan(deltas)
    abort.abort()
    await expect(running).rejects.toMatchObject({ code: "CANCELLED" })
    const items = await adapter.getConversationItems(agentId)
    expect(describeItems(items).slice(0, 3)).toEqual([
      "user: whole",
      "assistant: a whole answer",
      "user: slow",
    ])
  })

  it("a request the server refuses (its run limit) fails with its reason, and the old answer stays", async () => {
    const { adapter, agentId } = await setUp({ maxConcurrentRuns: 1 })
    const other = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "whole")
    const abort = new AbortController()
    const otherEvents: ChatEvent[] = []
    adapter.subscribe(other, (event) => otherEvents.push(event))
    const busy = adapter.sendMessage(other, "slow", { signal: abort.signal })
    busy.catch(() => undefined)
    await expect.poll(() => otherEvents.some((event) => event.type === "text-delta")).toBe(true)
    await expect(adapter.sendMessage(agentId, "whole", { regenerate: true })).rejects.toMatchObject(
      {
        code: "RATE_LIMITED",
        message: expect.stringContaining("then regenerate"),
      },
    )
    expect(describeItems(await adapter.getConversationItems(agentId))).toEqual([
      "user: whole",
      "assistant: a whole answer",
    ])
    abort.abort()
    await expect(busy).rejects.toMatchObject({ code: "CANCELLED" })
    const again = await adapter.sendMessage(agentId, "whole", { regenerate: true })
    expect(describeItems(again.items)).toEqual(["assistant: a whole answer"])
  })

  it("offers nothing to a server whose HAI does not announce regenerate_last", () => {
    const capabilities = Object.freeze({
      streaming: true,
      cancel: true,
      resume: true,
      toolCalls: true,
      cards: true,
    })
    const reference = {
      session: "s",
      haipVersion: "1.1.2",
      acceptEvents: [],
      resume: false,
      runEvents: false,
      binaryFrames: false,
      regenerateLast: false,
      generation: "reference" as const,
      payload: {},
    }
    expect(capabilitiesWithServer(capabilities, reference).regenerateLast).not.toBe(true)
    expect(
      capabilitiesWithServer(capabilities, { ...reference, regenerateLast: true }),
    ).toMatchObject({ regenerateLast: true })
    const answered: ChatResponseItem[] = [
      { id: "u", type: "message", role: "user", content: "hi", timestamp: "t" },
      { id: "a", type: "message", role: "assistant", content: "hello", timestamp: "t" },
    ]
    expect(regenerateProblem(reference, false, answered)).toMatchObject({ code: "UNSUPPORTED" })
    expect(regenerateProblem(undefined, false, answered)).toMatchObject({ code: "UNSUPPORTED" })
  })
})
