import type { ConversationState } from "@aichatkit/store"
import type { ToolCallStatus } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { conversationAnnouncements, createAnnouncerMemory } from "./announcements.js"
import { defaultLabels } from "./labels.js"

function conversation(status: ToolCallStatus): ConversationState {
  return {
    id: "c",
    title: "t",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    itemIds: ["tool-1"],
    items: {
      "tool-1": {
        id: "tool-1",
        type: "tool_call",
        toolCall: { id: "call-1", name: "weather", arguments: {}, status },
      },
    },
    streamingItemIds: {},
    run: { status: "idle" },
    pendingDeltas: {},
  }
}

describe("announcements: a tool call asking for approval", () => {
  it("is announced once as needing the user's action", () => {
    const pending = conversation("pending")
    const memory = createAnnouncerMemory(pending)
    const waiting = conversation("awaiting-approval")
    expect(conversationAnnouncements(memory, pending, waiting, defaultLabels)).toEqual([
      "weather needs your approval",
    ])
    const again = { ...waiting, items: { ...waiting.items } }
    expect(conversationAnnouncements(memory, waiting, again, defaultLabels)).toEqual([])
  })
})
