import { describe, expect, it } from "vitest"
import { createChatStore } from "./create-chat-store.js"
import { conversationId, normalTurn, stateWithConversation } from "./testdata/recorded.js"
import type { ChatState } from "./types.js"

describe("createChatStore", () => {
  it("applies an array of actions as one update and one notification", () => {
    const store = createChatStore({ initialState: stateWithConversation() })
    const seen: ChatState[] = []
    store.subscribe((state) => seen.push(state))
    store.getState().dispatch(normalTurn())
    expect(seen).toHaveLength(1)
    expect(seen[0]?.conversations[conversationId]?.itemIds).toHaveLength(4)
    expect(typeof store.getState().dispatch).toBe("function")
  })

  it("notifies once per changing action and not at all for one that changes nothing", () => {
    const store = createChatStore()
    const statuses: string[] = []
    store.subscribe((state) => statuses.push(state.connection.status))
    const { dispatch } = store.getState()
    dispatch({ type: "connection-changed", status: "connecting" })
    dispatch({ type: "connection-changed", status: "connecting" })
    dispatch({ type: "connection-changed", status: "open" })
    dispatch({ type: "conversation-renamed", conversationId: "missing", title: "x" })
    expect(statuses).toEqual(["connecting", "open"])
  })

  it("keeps two stores apart", () => {
    const first = createChatStore()
    const second = createChatStore()
    first.getState().dispatch({
      type: "conversation-created",
      conversation: { id: "a", title: "A", createdAt: "2026-01-01T00:00:00.000Z" },
    })
    expect(Object.keys(first.getState().conversations)).toEqual(["a"])
    expect(second.getState().conversations).toEqual({})
  })
})
