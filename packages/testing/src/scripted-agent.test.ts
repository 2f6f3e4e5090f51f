import type { ChatEvent, ToolCall } from "@aichatkit/types"
import { chatResponseItemProblem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { ItemAccumulator } from "./item-accumulator.js"
import { createRandom } from "./random.js"
import { FORECAST_URL, MARKDOWN_ANSWER, SLOW_ANSWER, scenarioFor } from "./script.js"
import { createScriptedAgent, cutIntoTokens, type RespondInput } from "./scripted-agent.js"

const fixedClock = () => new Date("2026-01-01T12:00:00.000Z")

async function collect(
  message: string,
  options: { seed?: number; runId?: string; signal?: AbortSignal } = {},
): Promise<ChatEvent[]> {
  const agent = createScriptedAgent({ seed: options.seed ?? 7, tokenDelayMs: 0, now: fixedClock })
  const input: RespondInput = { agentId: "agent-1", message }
  if (options.runId !== undefined) input.runId = options.runId
  if (options.signal !== undefined) input.signal = options.signal
  const events: ChatEvent[] = []
  for await (const event of agent.respond(input)) events.push(event)
  return events
}

function fold(events: ChatEvent[]) {
  const accumulator = new ItemAccumulator()
  for (const event of events) accumulator.apply(event)
  return accumulator.items()
}

function toolStates(events: ChatEvent[]): Partial<ToolCall>[] {
  return events.flatMap((event) => {
    if (event.type === "item-added" && event.item.type === "tool_call") return [event.item.toolCall]
    if (event.type === "item-updated" && event.patch.toolCall) return [event.patch.toolCall]
    return []
  })
}

describe("scenarioFor", () => {
  it.each([
    ["hello there", "answer"],
    ["what does the weather TOOL say?", "tool"],
    ["make the tool fail", "fail"],
    ["show me a card", "card"],
    ["please raise an error", "error"],
    ["answer slowly", "slow"],
  ])("%j plays %s", (message, scenario) => {
    expect(scenarioFor(message)).toBe(scenario)
  })
})

describe("cutIntoTokens", () => {
  it("cuts into 3 to 6 character tokens that join back into the text", () => {
    const tokens = cutIntoTokens(MARKDOWN_ANSWER, createRandom(3))
    expect(tokens.join("")).toBe(MARKDOWN_ANSWER)
    for (const token of tokens) {
      expect(token.length).toBeGreaterThanOrEqual(3)
      expect(token.length).toBeLessThanOrEqual(6)
    }
  })

  it("keeps a text shorter than a token whole and gives nothing for an empty one", () => {
    expect(cutIntoTokens("ok", createRandom(1))).toEqual(["ok"])
    expect(cutIntoTokens("", createRandom(1))).toEqual([])
  })
})

describe("createScriptedAgent", () => {
  it("streams the markdown answer token by token between run-started and run-finished", async () => {
    const events = await collect("hello", { runId: "run-42" })
    expect(events.map((event) => event.type)).toEqual([
      "run-started",
      "item-added",
      ...events.slice(2, -2).map(() => "text-delta"),
      "item-done",
      "run-finished",
    ])
    expect(events.length).toBeGreaterThan(50)
    for (const event of events) expect(event).toMatchObject({ agentId: "agent-1", runId: "run-42" })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })

    const text = events
      .flatMap((event) => (event.type === "text-delta" ? [event.delta] : []))
      .join("")
    expect(text).toBe(MARKDOWN_ANSWER)
    expect(text).toMatch(/^## /)
    expect(text).toContain("**every message**")
    expect(text).toContain("`adapter.sendMessage()`")
    expect(text).toContain("\n- Tool calls")
    expect(text).toContain("```ts\n")
    expect(text).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/)

    const items = fold(events)
    expect(items).toEqual([
      {
        id: expect.any(String),
        type: "message",
        role: "assistant",
        content: MARKDOWN_ANSWER,
        timestamp: "2026-01-01T12:00:00.000Z",
      },
    ])
    expect(chatResponseItemProblem(items[0])).toBeUndefined()
  })

  it("gives the same events for the same seed and different ones for another seed", async () => {
    const first = await collect("hello", { seed: 5 })
    const again = await collect("hello", { seed: 5 })
    const other = await collect("hello", { seed: 6 })
    expect(again).toEqual(first)
    expect(other).not.toEqual(first)
  })

  it("gives each turn of one agent fresh ids", async () => {
    const agent = createScriptedAgent({ tokenDelayMs: 0 })
    const ids = new Set<string>()
    for (let turn = 0; turn < 3; turn++) {
      for await (const event of agent.respond({ agentId: "a", message: "card" })) {
        if (event.type === "item-added") ids.add(event.item.id)
        if (event.type === "run-started") ids.add(event.runId)
      }
    }
    expect(ids.size).toBe(9)
  })

  it("runs the weather tool pending → executing 0..100 → completed, then summarises", async () => {
    const events = await collect("use the weather tool")
    const states = toolStates(events)
    expect(states[0]).toMatchObject({
      name: "weather",
      arguments: { city: "Oslo" },
      status: "pending",
    })
    expect(states[1]).toEqual({ status: "executing", progress: 0 })
    const progress = states.flatMap((state) =>
      state.progress === undefined ? [] : [state.progress],
    )
    expect(progress.at(-1)).toBe(100)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(states.at(-1)).toMatchObject({ status: "completed", result: { city: "Oslo" } })

    const items = fold(events)
    expect(items.map((item) => item.type)).toEqual(["tool_call", "message"])
    expect(items[0]).toMatchObject({ toolCall: { status: "completed", progress: 100 } })
    expect(items[1]).toMatchObject({ role: "assistant", content: expect.stringContaining("°C") })
    for (const item of items) expect(chatResponseItemProblem(item)).toBeUndefined()
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
  })

  it.each([1, 7, 42])(
    "reports one weather: the tool's result, its summary and the card agree (seed %i)",
    async (seed) => {
      const [tool, summary] = fold(await collect("what does the weather tool say?", { seed }))
      const [, card] = fold(await collect("show me a card", { seed }))
      if (tool?.type !== "tool_call" || summary?.type !== "message" || card?.type !== "card") {
        throw new Error("the tool and card turns changed shape")
      }
      const toolTemperature = (tool.toolCall.result as { temperatureC: number }).temperatureC
      expect(summary.content).toContain(`**${toolTemperature} °C**`)
      expect(card.card.content).toMatchObject({ temperatureC: toolTemperature })
      expect(summary.content.toLowerCase()).toContain(
        (card.card.content as { condition: string }).condition.toLowerCase(),
      )
    },
  )

  it("ends a failing tool call in error with a message a person can act on", async () => {
    const events = await collect("make the tool fail")
    const items = fold(events)
    expect(items[0]).toMatchObject({
      type: "tool_call",
      toolCall: { name: "weather", status: "error", error: expect.stringMatching(/try again/) },
    })
    expect(toolStates(events).some((state) => state.status === "executing")).toBe(true)
    expect(items[1]).toMatchObject({ type: "message", role: "assistant" })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
  })

  it("shows a weather card with a refresh button and an https link", async () => {
    const items = fold(await collect("show me a card"))
    expect(items.map((item) => item.type)).toEqual(["message", "card"])
    const card = items[1]
    expect(card).toMatchObject({
      type: "card",
      card: {
        type: "weather",
        title: "Weather in Oslo",
        content: { city: "Oslo" },
        actions: [
          { type: "button", action: "refresh", label: "Refresh" },
          { type: "link", action: FORECAST_URL },
        ],
      },
    })
    expect(FORECAST_URL).toMatch(/^https:\/\//)
    expect(chatResponseItemProblem(card)).toBeUndefined()
  })

  it("fails an error turn with a retryable SERVER_ERROR and run-finished error", async () => {
    const events = await collect("give me an error")
    expect(events.map((event) => event.type)).toEqual(["run-started", "error", "run-finished"])
    const error = { code: "SERVER_ERROR", retryable: true, message: expect.stringMatching(/retry/) }
    expect(events[1]).toMatchObject({ agentId: "agent-1", error })
    expect(events[2]).toMatchObject({ status: "error", error })
  })

  it("stops a slow answer on abort: the open message is done, the run cancelled, nothing after", async () => {
    const agent = createScriptedAgent({ tokenDelayMs: 0 })
    const controller = new AbortController()
    const events: ChatEvent[] = []
    for await (const event of agent.respond({
      agentId: "a",
      message: "be slow",
      signal: controller.signal,
    })) {
      events.push(event)
      if (events.filter((seen) => seen.type === "text-delta").length === 3) controller.abort()
    }
    const types = events.map((event) => event.type)
    expect(types).toEqual([
      "run-started",
      "item-added",
      "text-delta",
      "text-delta",
      "text-delta",
      "item-done",
      "run-finished",
    ])
    expect(events.at(-1)).toMatchObject({ status: "cancelled" })
    const [message] = fold(events)
    expect(message?.type === "message" && SLOW_ANSWER.startsWith(message.content)).toBe(true)
  })

  it("marks a tool call cancelled when the run is aborted while it executes", async () => {
    const controller = new AbortController()
    const agent = createScriptedAgent({ tokenDelayMs: 0 })
    const events: ChatEvent[] = []
    for await (const event of agent.respond({
      agentId: "a",
      message: "tool",
      signal: controller.signal,
    })) {
      events.push(event)
      if (event.type === "item-updated" && event.patch.toolCall?.status === "executing") {
        controller.abort()
      }
    }
    expect(events.slice(-3).map((event) => event.type)).toEqual([
      "item-updated",
      "item-done",
      "run-finished",
    ])
    expect(fold(events)).toEqual([
      expect.objectContaining({ toolCall: expect.objectContaining({ status: "cancelled" }) }),
    ])
    expect(events.at(-1)).toMatchObject({ status: "cancelled" })
  })

  it("answers an already aborted signal with an empty cancelled run", async () => {
    const events = await collect("hello", { signal: AbortSignal.abort() })
    expect(events.map((event) => event.type)).toEqual(["run-started", "run-finished"])
    expect(events[1]).toMatchObject({ status: "cancelled" })
  })
})

describe("ItemAccumulator", () => {
  it("gives the same items when a recorded sequence is replayed after itself", async () => {
    const events = await collect("tool")
    expect(fold([...events, ...events])).toEqual(fold(events))
  })

  it("keeps text that arrives before its item and applies it when the item arrives", () => {
    const items = fold([
      { type: "text-delta", agentId: "a", itemId: "m", delta: "lo" },
      {
        type: "item-added",
        agentId: "a",
        item: { id: "m", type: "message", role: "assistant", content: "hel", timestamp: "t" },
      },
      { type: "text-delta", agentId: "a", itemId: "m", delta: "!" },
    ])
    expect(items).toEqual([
      { id: "m", type: "message", role: "assistant", content: "hello!", timestamp: "t" },
    ])
  })

  it("ignores updates for unknown items and events that describe no item", () => {
    const items = fold([
      { type: "item-updated", agentId: "a", itemId: "x", patch: { content: "y" } },
      { type: "connection-changed", status: "open" },
      { type: "run-started", agentId: "a", runId: "r" },
    ])
    expect(items).toEqual([])
  })

  it("hands out copies, so changing them does not change the accumulator", () => {
    const accumulator = new ItemAccumulator()
    accumulator.apply({
      type: "item-added",
      agentId: "a",
      item: { id: "m", type: "message", role: "user", content: "hi", timestamp: "t" },
    })
    const [item] = accumulator.items()
    if (item?.type === "message") item.content = "changed"
    expect(accumulator.items()[0]).toMatchObject({ content: "hi" })
  })
})
