import type { ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { afterEach, describe, expect, it, vi } from "vitest"
import { NetworkAdapter, type WireTraffic } from "./network-adapter.js"

/** An adapter whose wire is a method the test calls. */
class WireAdapter extends NetworkAdapter {
  async startChatAgent(): Promise<string> {
    return "agent-1"
  }
  async sendMessage(): Promise<ChatResponse> {
    return { items: [], conversationId: "agent-1" }
  }
  async getConversationItems(): Promise<ChatResponseItem[]> {
    return []
  }
  async clearConversationHistory(): Promise<void> {}
  async stopChatAgent(): Promise<void> {}

  receive(data: unknown, agentId?: string): void {
    this.tapWire("in", "test", data, agentId)
  }
  get observed(): boolean {
    return this.wireObserved
  }
}

afterEach(() => vi.restoreAllMocks())

describe("NetworkAdapter wire tap", () => {
  it("delivers wire traffic to observers, with the agent when the adapter knows it", () => {
    const adapter = new WireAdapter()
    const seen: WireTraffic[] = []
    const stop = adapter.observeWire((traffic) => seen.push(traffic))
    adapter.receive("data: 1", "agent-1")
    adapter.receive({ type: "PING" })
    stop()
    adapter.receive("after stop")
    expect(seen).toEqual([
      { direction: "in", wire: "test", data: "data: 1", agentId: "agent-1" },
      { direction: "in", wire: "test", data: { type: "PING" } },
    ])
  })

  it("says whether anyone observes, so adapters skip work for nobody", () => {
    const adapter = new WireAdapter()
    expect(adapter.observed).toBe(false)
    const stop = adapter.observeWire(() => {})
    expect(adapter.observed).toBe(true)
    stop()
    expect(adapter.observed).toBe(false)
  })

  it("keeps delivering to the other observers when one throws", () => {
    const adapter = new WireAdapter()
    vi.stubGlobal("reportError", () => {})
    const seen: unknown[] = []
    adapter.observeWire(() => {
      throw new Error("devtools bug")
    })
    adapter.observeWire((traffic) => seen.push(traffic.data))
    adapter.receive("frame")
    expect(seen).toEqual(["frame"])
    vi.unstubAllGlobals()
  })
})
