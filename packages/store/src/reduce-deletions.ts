/**
 * Deleting a conversation, and bringing back the one deleted a moment ago: an undoable
 * deletion keeps the conversation aside (`deletedConversation`) until it is restored or the
 * deletion is final.
 */
import type { ChatDraft } from "./chat-draft.js"
import type { ChatState } from "./types.js"

/** Removes a conversation; `undoable` keeps it aside for `restoreConversation`. */
export function deleteConversation(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  undoable: boolean,
): void {
  const conversation = draft.read(conversationId)
  if (!conversation) return
  const wasActive = draft.state.activeConversationId === conversationId
  delete draft.conversations()[conversationId]
  const order = draft.conversationOrder()
  const index = order.indexOf(conversationId)
  if (index !== -1) order.splice(index, 1)
  if (undoable) {
    draft.root().deletedConversation = { conversation, index: Math.max(index, 0), wasActive }
  } else if (draft.state.deletedConversation?.conversation.id === conversationId) {
    delete draft.root().deletedConversation
  }
  if (!wasActive) return
  const next = order[Math.min(index, order.length - 1)]
  if (next === undefined) delete draft.root().activeConversationId
  else draft.root().activeConversationId = next
}

/** Puts the conversation deleted a moment ago back where it was (and selected, if it was). */
export function restoreConversation(draft: ChatDraft<ChatState>, conversationId: string): void {
  const deleted = draft.state.deletedConversation
  if (deleted?.conversation.id !== conversationId || draft.read(conversationId)) return
  draft.conversations()[conversationId] = deleted.conversation
  const order = draft.conversationOrder()
  order.splice(Math.min(deleted.index, order.length), 0, conversationId)
  const root = draft.root()
  delete root.deletedConversation
  if (deleted.wasActive || root.activeConversationId === undefined) {
    root.activeConversationId = conversationId
  }
}

/** The deletion of `conversationId` can no longer be undone. */
export function finishDeletion(draft: ChatDraft<ChatState>, conversationId: string): void {
  if (draft.state.deletedConversation?.conversation.id !== conversationId) return
  delete draft.root().deletedConversation
}
