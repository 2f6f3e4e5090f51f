import type { ChatEvent, ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ALL_AGENTS, NetworkAdapter, SEED_CAPABILITIES } from "./network-adapter.js"

/** The smallest adapter: a fixed conversation, and `emit` opened up for the test. */
class FixedAdapter extends NetworkAdapter {
  items: ChatResponseItem[] = []

  async startChatAgent(): Promise<string> {
    return "agent-1"
  }
  async sendMessage(): Promise<ChatResponse> {
    return { items: [], conversationId: "agent-1" }
  }
  async getConversationItems(): Promise<ChatResponseItem[]> {
    return this.items
  }
  async clearConversationHistory(): Promise<void> {}
  async stopChatAgent(): Promise<void> {}

  push(event: ChatEvent): void {
    this.emit(event)
  }
  listensTo(agentId: string): boolean {
    return this.hasListeners(agentId)
  }
}

const delta = (agentId: string): ChatEvent => ({
  type: "text-delta",
  agentId,
  itemId: "m",
  delta: "hi",
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe("NetworkAdapter", () => {
  it("has the seed's capabilities unless a subclass says more", () => {
    expect(new FixedAdapter().capabilities).toBe(SEED_CAPABILITIES)
    expect(SEED_CAPABILITIES).toMatchObject({ streaming: false, cancel: false })
  })

  it("delivers an agent's events to that agent's listeners and to ALL_AGENTS listeners", () => {
    const adapter = new FixedAdapter()
    const seen: string[] = []
    adapter.subscribe("a", (event) => seen.push(`a:${event.type}`))
    adapter.subscribe("b", (event) => seen.push(`b:${event.type}`))
    adapter.subscribe(ALL_AGENTS, (event) => seen.push(`all:${event.type}`))
    adapter.push(delta("a"))
    expect(seen).toEqual(["a:text-delta", "all:text-delta"])
  })

  it("delivers adapter-wide events (connection changes, errors without an agent) to every listener", () => {
    const adapter = new FixedAdapter()
    const seen: string[] = []
    adapter.subscribe("a", (event) => seen.push(`a:${event.type}`))
    adapter.subscribe("b", (event) => seen.push(`b:${event.type}`))
    adapter.subscribe(ALL_AGENTS, (event) => seen.push(`all:${event.type}`))
    adapter.push({ type: "connection-changed", status: "reconnecting" })
    adapter.push({
      type: "error",
      error: { code: "CONNECTION_LOST", message: "Lost.", retryable: true },
    })
    expect(seen.sort()).toEqual([
      "a:connection-changed",
      "a:error",
      "all:connection-changed",
      "all:error",
      "b:connection-changed",
      "b:error",
    ])
    expect(adapter.connectionStatus).toBe("reconnecting")
  })

  it("starts closed and follows the connection events it emits", () => {
    const adapter = new FixedAdapter()
    expect(adapter.connectionStatus).toBe("closed")
    adapter.push({ type: "connection-changed", status: "open" })
    expect(adapter.connectionStatus).toBe("open")
  })

  it("stops delivering after unsubscribe, and unsubscribing twice is harmless", () => {
    const adapter = new FixedAdapter()
    const seen: ChatEvent[] = []
    const unsubscribe = adapter.subscribe("a", (event) => seen.push(event))
    const other: ChatEvent[] = []
    adapter.subscribe("a", (event) => other.push(event))
    expect(adapter.listensTo("a")).toBe(true)
    unsubscribe()
    unsubscribe()
    adapter.push(delta("a"))
    expect(seen).toEqual([])
    expect(other).toHaveLength(1)
  })

  it("knows when nobody listens to an agent", () => {
    const adapter = new FixedAdapter()
    expect(adapter.listensTo("a")).toBe(false)
    const unsubscribe = adapter.subscribe("a", () => {})
    expect(adapter.listensTo("a")).toBe(true)
    unsubscribe()
    expect(adapter.listensTo("a")).toBe(false)
    adapter.subscribe(ALL_AGENTS, () => {})
    expect(adapter.listensTo("a")).toBe(true)
  })

  it("reports a throwing listener and still delivers to the others", () => {
    const reportError = vi.fn()
    vi.stubGlobal("reportError", reportError)
    const adapter = new FixedAdapter()
    const failure = new Error("a UI bug")
    const seen: ChatEvent[] = []
    adapter.subscribe("a", () => {
      throw failure
    })
    adapter.subscribe("a", (event) => seen.push(event))
    adapter.subscribe(ALL_AGENTS, (event) => seen.push(event))
    expect(() => adapter.push(delta("a"))).not.toThrow()
    expect(seen).toHaveLength(2)
    expect(reportError).toHaveBeenCalledWith(failure)
  })

  it("logs a throwing listener to the console where there is no reportError", () => {
    vi.stubGlobal("reportError", undefined)
    const log = vi.spyOn(console, "error").mockImplementation(() => {})
    const adapter = new FixedAdapter()
    adapter.subscribe(ALL_AGENTS, () => {
      throw new Error("boom")
    })
    adapter.push(delta("a"))
    expect(log).toHaveBeenCalledWith("aichatkit: a ChatEvent listener threw", expect.any(Error))
  })

  it("lets a listener unsubscribe another while an event is delivered", () => {
    const adapter = new FixedAdapter()
    const seen: string[] = []
    let unsubscribeSecond = () => {}
    adapter.subscribe("a", () => {
      seen.push("first")
      unsubscribeSecond()
    })
    unsubscribeSecond = adapter.subscribe("a", () => seen.push("second"))
    adapter.push(delta("a"))
    adapter.push(delta("a"))
    expect(seen).toEqual(["first", "second", "first"])
  })

  it("derives the history from the items: messages only, without their type", async () => {
    const adapter = new FixedAdapter()
    adapter.items = [
      { id: "u", type: "message", role: "user", content: "Weather?", timestamp: "t1" },
      {
        id: "t",
        type: "tool_call",
        toolCall: { id: "c", name: "weather", arguments: {}, status: "completed" },
      },
      { id: "k", type: "card", card: { id: "c1", type: "weather", content: {} } },
      { id: "a", type: "message", role: "assistant", content: "Rain.", timestamp: "t2" },
    ]
    expect(await adapter.getConversationHistory("agent-1")).toEqual([
      { id: "u", content: "Weather?", role: "user", timestamp: "t1" },
      { id: "a", content: "Rain.", role: "assistant", timestamp: "t2" },
    ])
  })

  it("has an initialize that does nothing by default", async () => {
    await expect(new FixedAdapter().initialize({ apiKey: "x" })).resolves.toBeUndefined()
  })
})
