import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { createChatStore } from "./create-chat-store.js"
import { reduceChat } from "./reduce-chat.js"
import {
  selectActiveConversation,
  selectConversation,
  selectConversationList,
  selectItem,
} from "./selectors.js"
import {
  agentId,
  conversationId,
  normalTurn,
  runId,
  stateWithConversation,
} from "./testdata/recorded.js"

describe("selectors", () => {
  it("read the active conversation, a conversation and an item", () => {
    const state = reduceChat(stateWithConversation(), normalTurn())
    expect(selectActiveConversation(state)?.id).toBe(conversationId)
    expect(selectConversation(state, conversationId)).toBe(state.conversations[conversationId])
    expect(selectItem(state, conversationId, "k-forecast")).toMatchObject({ type: "card" })
    expect(selectItem(state, "missing", "k-forecast")).toBeUndefined()
  })

  it("keep an untouched item's reference while another item streams", () => {
    const turn = normalTurn()
    // The answer has started streaming, then the tool call arrived.
    const before = reduceChat(stateWithConversation(), [...turn.slice(0, 3), turn[10] as ChatEvent])
    const after = reduceChat(before, {
      type: "text-delta",
      agentId,
      runId,
      itemId: "m-answer",
      delta: "x",
    })
    expect(selectItem(after, conversationId, "m-answer")).toMatchObject({ content: "The x" })
    expect(selectItem(after, conversationId, "t-weather")).toBe(
      selectItem(before, conversationId, "t-weather"),
    )
  })

  it("return the same conversation list while tokens stream, a new one when a title changes", () => {
    const store = createChatStore({ initialState: stateWithConversation() })
    const { dispatch } = store.getState()
    dispatch(normalTurn().slice(0, 3))
    const list = selectConversationList(store.getState())
    expect(list).toMatchObject([
      { id: conversationId, title: "Test", isActive: true, runStatus: "streaming" },
    ])
    dispatch({ type: "text-delta", agentId, runId, itemId: "m-answer", delta: "more" })
    expect(selectConversationList(store.getState())).toBe(list)
    dispatch({ type: "conversation-renamed", conversationId, title: "Weather" })
    const renamed = selectConversationList(store.getState())
    expect(renamed).not.toBe(list)
    expect(renamed[0]?.title).toBe("Weather")
  })

  it("keep each store's list stable when two stores are read in turn", () => {
    const first = createChatStore({ initialState: stateWithConversation() })
    const second = createChatStore({ initialState: stateWithConversation() })
    const firstList = selectConversationList(first.getState())
    const secondList = selectConversationList(second.getState())
    expect(selectConversationList(first.getState())).toBe(firstList)
    expect(selectConversationList(second.getState())).toBe(secondList)
  })
})
