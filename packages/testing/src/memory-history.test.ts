import type { ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { MemoryAdapter } from "./memory-adapter.js"

const texts = (items: readonly ChatResponseItem[]) =>
  items.map((item) => (item.type === "message" ? `${item.role}: ${item.content}` : item.type))

describe("MemoryAdapter: branches and feedback", () => {
  it("a turn sent with a history follows it: the transcript is that history and the new turn", async () => {
    const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
    expect(adapter.capabilities.branching).toBe(true)
    const agentId = await adapter.startChatAgent()
    const first = await adapter.sendMessage(agentId, "hello")
    await adapter.sendMessage(agentId, "markdown")
    const branch = await adapter.sendMessage(agentId, "help", { history: first.items })
    const transcript = await adapter.getConversationItems(agentId)
    expect(texts(transcript)).toEqual(texts([...first.items, ...branch.items]))
    expect(texts(transcript).filter((text) => text === "user: markdown")).toEqual([])
  })

  it("keeps the ratings it receives, and refuses an unknown agent", async () => {
    const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
    const agentId = await adapter.startChatAgent()
    await adapter.sendFeedback(agentId, "a1", "up")
    await adapter.sendFeedback(agentId, "a1", null)
    expect(adapter.feedback).toEqual([
      { agentId, itemId: "a1", feedback: "up" },
      { agentId, itemId: "a1", feedback: null },
    ])
    await expect(adapter.sendFeedback("nobody", "a1", "down")).rejects.toMatchObject({
      code: "NOT_FOUND",
    })
  })
})
