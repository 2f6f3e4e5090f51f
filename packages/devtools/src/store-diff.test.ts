import type { ChatState, ConversationState } from "@aichatkit/store"
import { createChatStore } from "@aichatkit/store"
import type { ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { describeDiff, diffChatState } from "./store-diff.js"

const message = (id: string, content = id): ChatResponseItem => ({
  id,
  type: "message",
  role: "assistant",
  content,
  timestamp: "2026-12-05T00:00:00.000Z",
})

/** A state with one conversation holding `items`, from the real store's initial state. */
function withItems(items: ChatResponseItem[], status: ConversationState["run"]["status"] = "idle") {
  const initial = createChatStore().getState()
  const conversation = {
    id: "c",
    title: "",
    agentId: "agent-1",
    createdAt: "",
    updatedAt: "",
    itemIds: items.map((item) => item.id),
    items: Object.fromEntries(items.map((item) => [item.id, item])),
    streamingItemIds: {},
    run: { status },
    pendingDeltas: {},
  } as unknown as ConversationState
  return { ...initial, conversations: { c: conversation } } as ChatState
}

describe("diffChatState", () => {
  const a = message("a")
  const b = message("b")
  const before = withItems([a, b])
  const cases: Array<[string, ChatState, string]> = [
    ["an item changed", withItems([a, message("b", "b!")]), "~b"],
    ["an item added", withItems([a, b, message("c")]), "+c"],
    ["an item removed", withItems([a]), "-b"],
    ["one removed and one added", withItems([a, message("d")]), "+d -b"],
    ["an id named like a prototype key", withItems([a, b, message("constructor")]), "+constructor"],
    ["the run's status", withItems([a, b], "streaming"), "run: idle → streaming"],
  ]
  for (const [name, after, expected] of cases) {
    it(`describes ${name}`, () => {
      const [diff, ...more] = diffChatState(before, after)
      expect(more).toEqual([])
      expect(diff?.agentId).toBe("agent-1")
      expect(diff && describeDiff(diff)).toBe(expected)
    })
  }

  it("finds nothing when the items are the same objects", () => {
    expect(diffChatState(before, withItems([a, b]))).toEqual([])
  })
})
