/** Recorded event sequences of one agent, as an adapter emits them, for reducer and store tests. */
import type { ChatEvent, ChatResponseItem, MessageItem } from "@aichatkit/types"
import { initialChatState, reduceChat } from "../reduce-chat.js"
import type { ChatState } from "../types.js"

export const agentId = "agent-1"
export const conversationId = "c1"
export const runId = "run-1"
export const timestamp = "2026-01-01T00:00:01.000Z"

/** A state with one conversation ("c1") bound to `agentId`, selected. */
export function stateWithConversation(): ChatState {
  return reduceChat(initialChatState, [
    {
      type: "conversation-created",
      conversation: {
        id: conversationId,
        title: "Test",
        createdAt: "2026-01-01T00:00:00.000Z",
        agentId,
      },
    },
    { type: "conversation-selected", conversationId },
  ])
}

export const answerTokens = ["The ", "weather ", "in ", "Oslo ", "is ", "**mild**", "."]
export const summaryTokens = ["Bring ", "a ", "jacket", "."]

const answer: MessageItem = {
  id: "m-answer",
  type: "message",
  role: "assistant",
  content: "",
  timestamp,
}
const summary: MessageItem = { ...answer, id: "m-summary" }
const tool: ChatResponseItem = {
  id: "t-weather",
  type: "tool_call",
  toolCall: { id: "call-1", name: "weather", arguments: { city: "Oslo" }, status: "pending" },
  timestamp,
}
const card: ChatResponseItem = {
  id: "k-forecast",
  type: "card",
  card: {
    id: "card-1",
    type: "weather",
    title: "Oslo",
    content: { temperature: 14 },
    actions: [{ id: "a-more", label: "More", type: "button", action: "more" }],
  },
  timestamp,
}

const base = { agentId, runId }

/** The events of each item of the normal turn, in order (item-added first, item-done last). */
export function itemStreams(): ChatEvent[][] {
  return [
    [
      { ...base, type: "item-added", item: answer },
      ...answerTokens.map(
        (delta): ChatEvent => ({ ...base, type: "text-delta", itemId: answer.id, delta }),
      ),
      { ...base, type: "item-done", itemId: answer.id },
    ],
    [
      { ...base, type: "item-added", item: tool },
      {
        ...base,
        type: "item-updated",
        itemId: tool.id,
        patch: { toolCall: { status: "executing", progress: 40 } },
      },
      { ...base, type: "item-updated", itemId: tool.id, patch: { toolCall: { progress: 80 } } },
      {
        ...base,
        type: "item-updated",
        itemId: tool.id,
        patch: { toolCall: { status: "completed", progress: 100, result: { temperature: 14 } } },
      },
      { ...base, type: "item-done", itemId: tool.id },
    ],
    [
      { ...base, type: "item-added", item: card },
      { ...base, type: "item-done", itemId: card.id },
    ],
    [
      { ...base, type: "item-added", item: summary },
      ...summaryTokens.map(
        (delta): ChatEvent => ({ ...base, type: "text-delta", itemId: summary.id, delta }),
      ),
      { ...base, type: "item-done", itemId: summary.id },
    ],
  ]
}

/** A whole normal turn: run-started, each item's events one after the other, run-finished. */
export function normalTurn(): ChatEvent[] {
  return [
    { ...base, type: "run-started" },
    ...itemStreams().flat(),
    { ...base, type: "run-finished", status: "ok" },
  ]
}

/** The items the normal turn ends with. */
export function expectedItems(): Record<string, ChatResponseItem> {
  return {
    [answer.id]: { ...answer, content: answerTokens.join("") },
    [tool.id]: {
      ...tool,
      toolCall: {
        id: "call-1",
        name: "weather",
        arguments: { city: "Oslo" },
        status: "completed",
        progress: 100,
        result: { temperature: 14 },
      },
    } as ChatResponseItem,
    [card.id]: card,
    [summary.id]: { ...summary, content: summaryTokens.join("") },
  }
}
