/**
 * The controller's conversations: create (starting an agent), select, rename, delete with
 * undo, and the calls that reach the server for one conversation (clear, reload, card actions).
 */
import {
  type Card,
  type CardAction,
  ChatError,
  chatResponseItemProblem,
  toAdapterError,
  toChatError,
} from "@aichatkit/types"
import type { ControllerContext } from "./controller-context.js"
import { agentIdOf, isRunning } from "./controller-helpers.js"
import type { PendingDeletion } from "./pending-deletion.js"
import type { ChatController } from "./types.js"

export type ConversationActions = Pick<
  ChatController,
  | "createConversation"
  | "selectConversation"
  | "renameConversation"
  | "deleteConversation"
  | "restoreConversation"
>

export type ServerActions = Pick<ChatController, "clearHistory" | "reload" | "handleCardAction">

export function conversationActions(
  context: ControllerContext,
  deletion: PendingDeletion,
  cancel: ChatController["cancel"],
): ConversationActions {
  const { adapter, dispatch } = context
  return {
    async createConversation(title) {
      if (title !== undefined && typeof title !== "string") {
        throw new ChatError("INVALID_INPUT", "A conversation title must be text.")
      }
      let agentId: string
      try {
        agentId = await adapter.startChatAgent()
      } catch (error) {
        const chatError = toChatError(error, "CONNECTION_FAILED")
        // Shown by the chat's error banner: the caller is often a button that cannot show it.
        if (!context.disposed) dispatch({ type: "error", error: toAdapterError(chatError) })
        throw chatError
      }
      return context.addConversation(title?.trim() || context.defaultTitle, agentId)
    },

    selectConversation(conversationId) {
      context.conversationOrThrow(conversationId)
      dispatch({ type: "conversation-selected", conversationId })
    },

    renameConversation(conversationId, title) {
      context.conversationOrThrow(conversationId)
      if (typeof title !== "string" || title.trim() === "") {
        throw new ChatError("INVALID_INPUT", "A conversation title cannot be empty.")
      }
      dispatch({ type: "conversation-renamed", conversationId, title: title.trim() })
    },

    async deleteConversation(conversationId, deleteOptions = {}) {
      const conversation = context.conversationOrThrow(conversationId)
      // Cancelled first, so a conversation brought back by undo is not stuck mid-answer.
      if (isRunning(conversation) || context.turns.has(conversation.id)) cancel(conversation.id)
      context.turns.stop(conversation.id)
      context.events.listen(conversation.id)
      const undoMs = context.disposed ? 0 : (deleteOptions.undoMs ?? 0)
      await deletion.delete(conversation.id, conversation.agentId, undoMs)
      // Deleted for good (not brought back by undo): what it kept for Retry goes too.
      if (!context.store.getState().conversations[conversation.id]) {
        context.turns.forget(conversation.id)
        context.events.forget(conversation.id)
      }
    },

    restoreConversation(conversationId) {
      return deletion.restore(conversationId)
    },
  }
}

/** The calls that reach the server for one conversation: clear, reload, card actions. */
export function serverActions(
  context: ControllerContext,
  cancel: ChatController["cancel"],
): ServerActions {
  const { adapter, store, dispatch } = context
  return {
    async clearHistory(conversationId) {
      const conversation = context.conversationOrThrow(conversationId)
      const agentId = conversation.agentId
      if (isRunning(conversation)) cancel(conversation.id)
      // A conversation that never reached an agent has nothing on the server to clear.
      if (agentId !== undefined) {
        await context.adapterCall(conversation, () => adapter.clearConversationHistory(agentId))
      }
      if (store.getState().conversations[conversation.id]) {
        dispatch({ type: "conversation-cleared", conversationId: conversation.id })
      }
    },

    async reload(conversationId) {
      const conversation = context.conversationOrThrow(conversationId)
      const agentId = agentIdOf(conversation)
      const items = await context.adapterCall(conversation, () =>
        adapter.getConversationItems(agentId),
      )
      if (!Array.isArray(items)) {
        throw new ChatError(
          "PROTOCOL_ERROR",
          "The server's list of items is not a list; try again.",
        )
      }
      if (!store.getState().conversations[conversation.id]) return
      dispatch({ type: "conversation-items-loaded", conversationId: conversation.id, items })
      const skipped = items.filter((item) => chatResponseItemProblem(item) !== undefined).length
      if (skipped > 0) {
        const message = `${skipped} stored item(s) cannot be shown and were skipped; the rest loaded.`
        dispatch({
          type: "error",
          agentId,
          error: { code: "PROTOCOL_ERROR", message, retryable: false },
        })
      }
    },

    async handleCardAction(action: CardAction, card: Card, conversationId?: string) {
      const conversation = context.conversationOrThrow(conversationId)
      const agentId = agentIdOf(conversation)
      if (action?.type !== "button" || typeof adapter.handleCardAction !== "function") return
      await context.adapterCall(
        conversation,
        () => adapter.handleCardAction?.(agentId, action, card) ?? Promise.resolve(),
      )
    },
  }
}
