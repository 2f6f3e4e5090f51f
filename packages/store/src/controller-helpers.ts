/** Small pieces of the controller: titles, lookups, and the record of a running turn. */
import { ChatError } from "@aichatkit/types"
import type { ChatState, ConversationState } from "./types.js"

/** One running `send`: aborting `abort` cancels it; `cancelled` makes its late result ignored. */
export interface Turn {
  abort: AbortController
  cancelled: boolean
}

const TITLE_LENGTH = 48

/** A conversation title from the first line of a message. */
export function titleFrom(text: string): string {
  const line = text.trim().split("\n")[0] ?? ""
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line
}

/** Whether a turn of the conversation is under way. */
export function isRunning(conversation: ConversationState): boolean {
  return conversation.run.status === "submitted" || conversation.run.status === "streaming"
}

/** The conversation `conversationId` names (the active one when absent), or a `ChatError`. */
export function findConversation(
  state: ChatState,
  conversationId: string | undefined,
): ConversationState {
  const id = conversationId ?? state.activeConversationId
  if (id === undefined) {
    throw new ChatError("INVALID_INPUT", "No conversation is selected; create or select one first.")
  }
  const conversation = state.conversations[id]
  if (!conversation) {
    throw new ChatError("NOT_FOUND", `There is no conversation "${id}"; it may have been deleted.`)
  }
  return conversation
}

/** The conversation's agent, or a `ChatError` when it has none. */
export function agentIdOf(conversation: ConversationState): string {
  if (conversation.agentId === undefined) {
    throw new ChatError(
      "AGENT_NOT_RUNNING",
      `Conversation "${conversation.title}" has no agent yet; send a message to start one.`,
    )
  }
  return conversation.agentId
}
