import { ALL_AGENTS } from "@aichatkit/network-adapter"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { ChatError } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { ItemAccumulator } from "./item-accumulator.js"
import { MemoryAdapter, type MemoryAdapterOptions } from "./memory-adapter.js"
import { FORECAST_URL, MARKDOWN_ANSWER } from "./script.js"
import type { ScriptedAgent } from "./scripted-agent.js"

function createAdapter(options: MemoryAdapterOptions = {}): {
  adapter: MemoryAdapter
  events: ChatEvent[]
} {
  const adapter = new MemoryAdapter({ tokenDelayMs: 0, ...options })
  const events: ChatEvent[] = []
  adapter.subscribe(ALL_AGENTS, (event) => events.push(event))
  return { adapter, events }
}

function rejection(promise: Promise<unknown>): Promise<ChatError> {
  return promise.then(
    () => {
      throw new Error("expected the call to reject")
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ChatError)
      return error as ChatError
    },
  )
}

function fold(events: ChatEvent[]): ChatResponseItem[] {
  const accumulator = new ItemAccumulator()
  for (const event of events) accumulator.apply(event)
  return accumulator.items()
}

/** Lets any stray timers of a stopped run fire, so a test can check that nothing followed. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 30))
}

describe("MemoryAdapter", () => {
  it("streams and cancels", () => {
    expect(new MemoryAdapter().capabilities).toMatchObject({ streaming: true, cancel: true })
  })

  it("opens the connection on the first start only", async () => {
    const { adapter, events } = createAdapter()
    expect(adapter.connectionStatus).toBe("closed")
    const first = await adapter.startChatAgent()
    const second = await adapter.startChatAgent()
    expect(first).not.toBe(second)
    expect(events).toEqual([
      { type: "connection-changed", status: "connecting" },
      { type: "connection-changed", status: "open" },
    ])
    expect(adapter.connectionStatus).toBe("open")
  })

  it("connects once when several agents start at the same time", async () => {
    const { adapter, events } = createAdapter()
    const ids = await Promise.all([adapter.startChatAgent(), adapter.startChatAgent()])
    expect(new Set(ids).size).toBe(2)
    expect(events.map((event) => event.type === "connection-changed" && event.status)).toEqual([
      "connecting",
      "open",
    ])
  })

  it("gives the same agent and item ids for the same seed", async () => {
    const run = async () => {
      const { adapter } = createAdapter({ seed: 3, now: () => new Date(0) })
      const agentId = await adapter.startChatAgent()
      return { agentId, response: await adapter.sendMessage(agentId, "card") }
    }
    expect(await run()).toEqual(await run())
  })

  it("emits the user's item and the agent's answer, and resolves with the turn's items", async () => {
    const { adapter, events } = createAdapter()
    const agentId = await adapter.startChatAgent()
    events.length = 0
    const response = await adapter.sendMessage(agentId, "hello")

    expect(events[0]).toMatchObject({ type: "run-started", agentId })
    expect(events[1]).toMatchObject({
      type: "item-added",
      agentId,
      runId: (events[0] as { runId: string }).runId,
      item: { type: "message", role: "user", content: "hello" },
    })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    expect(response.conversationId).toBe(agentId)
    expect(response.items).toEqual(fold(events))
    expect(response.items.map((item) => item.type === "message" && item.role)).toEqual([
      "user",
      "assistant",
    ])
    expect(response.items[1]).toMatchObject({ content: MARKDOWN_ANSWER })
  })

  it("keeps every turn in the conversation until it is cleared", async () => {
    const { adapter } = createAdapter()
    const agentId = await adapter.startChatAgent()
    const first = await adapter.sendMessage(agentId, "hello")
    const second = await adapter.sendMessage(agentId, "use a tool")
    expect(await adapter.getConversationItems(agentId)).toEqual([...first.items, ...second.items])
    const history = await adapter.getConversationHistory(agentId)
    expect(history.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ])

    await adapter.clearConversationHistory(agentId)
    expect(await adapter.getConversationItems(agentId)).toEqual([])
    await adapter.sendMessage(agentId, "again")
    expect(await adapter.getConversationItems(agentId)).toHaveLength(2)
  })

  it("delivers an agent's events to its own listeners only", async () => {
    const { adapter } = createAdapter()
    const first = await adapter.startChatAgent()
    const second = await adapter.startChatAgent()
    const seenBySecond: ChatEvent[] = []
    adapter.subscribe(second, (event) => seenBySecond.push(event))
    await adapter.sendMessage(first, "hello")
    expect(seenBySecond).toEqual([])
  })

  it("cancels a slow turn on abort: rejects with CANCELLED and emits nothing afterwards", async () => {
    const { adapter, events } = createAdapter()
    const agentId = await adapter.startChatAgent()
    const controller = new AbortController()
    adapter.subscribe(agentId, (event) => {
      if (event.type === "text-delta") controller.abort()
    })
    const error = await rejection(
      adapter.sendMessage(agentId, "slow please", { signal: controller.signal }),
    )
    expect(error.code).toBe("CANCELLED")
    const seen = events.length
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
    expect(events.at(-2)).toMatchObject({ type: "item-done" })
    await settle()
    expect(events).toHaveLength(seen)
    const [, answer] = await adapter.getConversationItems(agentId)
    expect(answer).toMatchObject({ role: "assistant" })
    expect(answer?.type === "message" && answer.content.length).toBeGreaterThan(0)
  })

  it("rejects an error turn with the agent's retryable SERVER_ERROR and keeps the user's message", async () => {
    const { adapter, events } = createAdapter()
    const agentId = await adapter.startChatAgent()
    const error = await rejection(adapter.sendMessage(agentId, "cause an error"))
    expect(error).toMatchObject({ code: "SERVER_ERROR", retryable: true })
    expect(events.some((event) => event.type === "error")).toBe(true)
    expect(await adapter.getConversationItems(agentId)).toEqual([
      expect.objectContaining({ role: "user", content: "cause an error" }),
    ])
  })

  it("rejects calls for a stopped agent with AGENT_NOT_RUNNING and for an unknown one with NOT_FOUND", async () => {
    const { adapter } = createAdapter()
    const agentId = await adapter.startChatAgent()
    await adapter.stopChatAgent(agentId)
    for (const call of [
      () => adapter.sendMessage(agentId, "hello"),
      () => adapter.getConversationItems(agentId),
      () => adapter.getConversationHistory(agentId),
      () => adapter.clearConversationHistory(agentId),
      () => adapter.stopChatAgent(agentId),
    ]) {
      const error = await rejection(call())
      expect(error.code).toBe("AGENT_NOT_RUNNING")
      expect(error.message).toMatch(/start a new agent/)
    }
    expect((await rejection(adapter.sendMessage("nobody", "hi"))).code).toBe("NOT_FOUND")
  })

  it("ends a running turn as cancelled when its agent stops", async () => {
    const { adapter, events } = createAdapter()
    const agentId = await adapter.startChatAgent()
    const sent = rejection(adapter.sendMessage(agentId, "slow"))
    await new Promise<void>((resolve) => {
      adapter.subscribe(agentId, (event) => event.type === "text-delta" && resolve())
    })
    await adapter.stopChatAgent(agentId)
    expect((await sent).code).toBe("CANCELLED")
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
  })

  it.each([
    ["", "INVALID_INPUT"],
    ["   ", "INVALID_INPUT"],
    [42 as unknown as string, "INVALID_INPUT"],
    ["x".repeat(100_001), "PAYLOAD_TOO_LARGE"],
  ])("rejects the message %# with %s and emits nothing", async (message, code) => {
    const { adapter, events } = createAdapter()
    const agentId = await adapter.startChatAgent()
    events.length = 0
    const error = await rejection(adapter.sendMessage(agentId, message))
    expect(error.code).toBe(code)
    expect(events).toEqual([])
    expect(await adapter.getConversationItems(agentId)).toEqual([])
  })

  it("fails to connect when told to, with a CONNECTION_FAILED a person can act on", async () => {
    const { adapter, events } = createAdapter({ failConnect: true })
    const error = await rejection(adapter.startChatAgent())
    expect(error).toMatchObject({ code: "CONNECTION_FAILED", retryable: true })
    expect(events.at(-1)).toMatchObject({
      type: "connection-changed",
      status: "closed",
      error: { code: "CONNECTION_FAILED" },
    })
  })

  it("simulates a reconnect: sends fail while it lasts and work again once open", async () => {
    const { adapter, events } = createAdapter()
    const agentId = await adapter.startChatAgent()
    adapter.simulateConnection("reconnecting")
    expect(adapter.connectionStatus).toBe("reconnecting")
    expect(events.at(-1)).toEqual({ type: "connection-changed", status: "reconnecting" })
    expect((await rejection(adapter.sendMessage(agentId, "hello"))).code).toBe("CONNECTION_LOST")
    adapter.simulateConnection("open")
    await expect(adapter.sendMessage(agentId, "hello")).resolves.toBeDefined()
  })

  it("records card actions and refreshes the card's content on `refresh`", async () => {
    const { adapter, events } = createAdapter()
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "a card please")
    const item = response.items.find((candidate) => candidate.type === "card")
    if (item?.type !== "card") throw new Error("the card turn gave no card")
    const [refresh, link] = item.card.actions ?? []
    if (!refresh || !link) throw new Error("the card has no actions")
    expect(link.action).toBe(FORECAST_URL)

    events.length = 0
    await adapter.handleCardAction(agentId, link, item.card)
    expect(events).toEqual([])
    await adapter.handleCardAction(agentId, refresh, item.card)
    expect(adapter.cardActions.map((recorded) => recorded.action.type)).toEqual(["link", "button"])
    expect(events).toEqual([
      {
        type: "item-updated",
        agentId,
        itemId: item.id,
        patch: { card: { content: expect.objectContaining({ updatedAt: expect.any(String) }) } },
      },
    ])
    const items = await adapter.getConversationItems(agentId)
    expect(items.find((candidate) => candidate.id === item.id)).toMatchObject({
      card: { content: { updatedAt: expect.any(String), city: "Oslo" } },
    })

    await adapter.clearConversationHistory(agentId)
    expect((await rejection(adapter.handleCardAction(agentId, refresh, item.card))).code).toBe(
      "NOT_FOUND",
    )
  })

  it("answers with the agent it is given", async () => {
    const agent: ScriptedAgent = {
      async *respond({ agentId, runId = "run-1" }) {
        yield { type: "run-started", agentId, runId }
        yield {
          type: "item-added",
          agentId,
          runId,
          item: { id: "a1", type: "message", role: "assistant", content: "fixed", timestamp: "t" },
        }
        yield { type: "item-done", agentId, runId, itemId: "a1" }
        yield { type: "run-finished", agentId, runId, status: "ok" }
      },
    }
    const { adapter } = createAdapter({ agent })
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "anything")
    expect(response.items.at(-1)).toEqual({
      id: "a1",
      type: "message",
      role: "assistant",
      content: "fixed",
      timestamp: "t",
    })
  })

  it("turns an agent that throws into a failed run and a SERVER_ERROR rejection", async () => {
    const agent: ScriptedAgent = {
      async *respond({ agentId }) {
        yield { type: "run-started", agentId, runId: "r" }
        throw new Error("the model server hung up")
      },
    }
    const { adapter, events } = createAdapter({ agent })
    const agentId = await adapter.startChatAgent()
    const error = await rejection(adapter.sendMessage(agentId, "hi"))
    expect(error).toMatchObject({ code: "SERVER_ERROR", retryable: true })
    expect(error.message).toMatch(/the model server hung up/)
    expect(events.slice(-2)).toEqual([
      {
        type: "error",
        agentId,
        runId: "r",
        error: expect.objectContaining({ code: "SERVER_ERROR" }),
      },
      expect.objectContaining({ type: "run-finished", runId: "r", status: "error" }),
    ])
  })

  it("reports and leaves out an invalid item from an agent", async () => {
    const agent: ScriptedAgent = {
      async *respond({ agentId }) {
        yield { type: "run-started", agentId, runId: "r" }
        yield {
          type: "item-added",
          agentId,
          runId: "r",
          item: { id: "", type: "message", role: "assistant", content: "x", timestamp: "t" },
        }
        yield { type: "run-finished", agentId, runId: "r", status: "ok" }
      },
    }
    const { adapter, events } = createAdapter({ agent })
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "hi")
    expect(response.items).toEqual([expect.objectContaining({ role: "user" })])
    expect(events).toContainEqual({
      type: "error",
      agentId,
      runId: "r",
      error: {
        code: "PROTOCOL_ERROR",
        message: expect.stringContaining("id is not a non-empty string"),
        retryable: false,
      },
    })
  })
})
