/** Reduces recorded actions one at a time, freezing every input and checking every state. */
import type { ChatResponseItem } from "@aichatkit/types"
import { expect } from "vitest"
import { reduceChat } from "../reduce-chat.js"
import type { ChatAction, ChatState, ConversationState } from "../types.js"
import { deepFreeze, invariantViolations } from "./invariants.js"
import { conversationId, stateWithConversation, timestamp } from "./recorded.js"

/** Reduces actions one at a time; every input is frozen and every state checked. */
export function replay(state: ChatState, actions: readonly ChatAction[]): ChatState[] {
  const states = [deepFreeze(state)]
  let current = state
  for (const action of actions) {
    current = deepFreeze(reduceChat(current, action))
    expect(invariantViolations(current), JSON.stringify(action)).toEqual([])
    states.push(current)
  }
  return states
}

export function finalState(
  actions: readonly ChatAction[],
  start = stateWithConversation(),
): ChatState {
  return replay(start, actions).at(-1) as ChatState
}

export function conversationOf(state: ChatState): ConversationState {
  return state.conversations[conversationId] as ConversationState
}

export const message = (id: string, content: string, role: "user" | "assistant" = "assistant") =>
  ({ id, type: "message", role, content, timestamp }) satisfies ChatResponseItem
