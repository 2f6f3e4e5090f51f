import { ALL_AGENTS, SEED_CAPABILITIES } from "@aichatkit/network-adapter"
import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { MARKDOWN_ANSWER } from "./script.js"
import { SeedStyleMemoryAdapter } from "./seed-style-memory-adapter.js"

describe("SeedStyleMemoryAdapter", () => {
  it("answers from the script without emitting any event", async () => {
    const adapter = new SeedStyleMemoryAdapter()
    const events: ChatEvent[] = []
    adapter.subscribe(ALL_AGENTS, (event) => events.push(event))
    expect(adapter.capabilities).toBe(SEED_CAPABILITIES)

    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "hello")
    expect(response.items).toEqual([
      expect.objectContaining({ role: "user", content: "hello" }),
      expect.objectContaining({ role: "assistant", content: MARKDOWN_ANSWER }),
    ])
    const tool = await adapter.sendMessage(agentId, "tool")
    expect(tool.items[1]).toMatchObject({ toolCall: { status: "completed" } })
    expect(await adapter.getConversationItems(agentId)).toHaveLength(5)
    expect(events).toEqual([])
  })

  it("rejects an error turn and keeps the user's message", async () => {
    const adapter = new SeedStyleMemoryAdapter()
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "error")).rejects.toMatchObject({
      code: "SERVER_ERROR",
    })
    expect(await adapter.getConversationHistory(agentId)).toEqual([
      expect.objectContaining({ role: "user", content: "error" }),
    ])
  })
})
