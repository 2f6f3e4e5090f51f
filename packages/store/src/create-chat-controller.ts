/**
 * Binds one adapter to one store: starts agents, sends with an optimistic user item, cancels,
 * retries, and feeds the adapter's events to the store in coalesced batches. Adapter failures
 * become state (`run.status: "error"`, `lastError`); nothing thrown by an adapter or a listener
 * escapes the event handling.
 */
import type { NetworkAdapter } from "@aichatkit/network-adapter"
import {
  type AdapterError,
  type Card,
  type CardAction,
  ChatError,
  chatResponseItemProblem,
  createId as defaultCreateId,
  type MessageItem,
  toAdapterError,
  toChatError,
} from "@aichatkit/types"
import { AdapterEventRouter } from "./adapter-events.js"
import { agentIdOf, findConversation, isRunning, titleFrom } from "./controller-helpers.js"
import { createChatStore } from "./create-chat-store.js"
import type { FlushSchedule } from "./event-queue.js"
import { PendingDeletion } from "./pending-deletion.js"
import { lastUserItemId } from "./turn-markers.js"
import { TurnRunner } from "./turn-runner.js"
import type { ChatAction, ChatController, ChatStore, ConversationState } from "./types.js"

/** Options of {@link createChatController}. */
export interface ChatControllerOptions {
  adapter: NetworkAdapter
  /** The store to drive; a new one when absent. */
  store?: ChatStore
  /** When streamed events reach the store. Default `"frame"`; `"sync"` for tests. */
  scheduleFlush?: FlushSchedule
  /** Makes local ids (conversations, optimistic items). Default `createId` of `@aichatkit/types` (works without `crypto.randomUUID`). */
  createId?: () => string
  /** The clock for timestamps. Default `new Date()`. */
  now?: () => Date
  /** Receives problems that belong to no conversation (unknown agents, failed stops). Default `console.warn`. */
  onError?: (error: AdapterError) => void
  /** The title of a new conversation before its first message names it. Default "New chat". */
  defaultTitle?: string
  /**
   * Listen to the adapter from the start (default `true`). `false` waits for `connect()`: what a
   * React provider does, in an effect, so a render React throws away subscribes nothing.
   */
  connect?: boolean
}

/** Creates the controller of one adapter and one store. */
export function createChatController(options: ChatControllerOptions): ChatController {
  const { adapter } = options
  const store = options.store ?? createChatStore()
  const createId = options.createId ?? defaultCreateId
  const now = options.now ?? (() => new Date())
  const defaultTitle = options.defaultTitle ?? "New chat"
  const report =
    options.onError ?? ((error: AdapterError) => console.warn(`aichatkit: ${error.message}`, error))
  const events = new AdapterEventRouter(adapter, store, options.scheduleFlush, report)
  const dispatch = (actions: ChatAction | readonly ChatAction[]) => events.dispatch(actions)
  let disposed = false
  /** How many `connect()` calls have not been undone; the adapter is listened to while above 0. */
  let connections = 0
  // The base class says `closed` before any report: that is no news, not an outage.
  if (adapter.connectionStatus !== "closed") {
    store.getState().dispatch({ type: "connection-changed", status: adapter.connectionStatus })
  }

  const conversationOrThrow = (conversationId: string | undefined) =>
    findConversation(store.getState(), conversationId)

  /** Runs an adapter call; a failure is kept as the conversation's error and rethrown as a ChatError. */
  const adapterCall = async <T>(
    conversation: ConversationState,
    call: () => Promise<T>,
  ): Promise<T> => {
    try {
      return await call()
    } catch (error) {
      const adapterError = toAdapterError(error, "UNKNOWN")
      if (!disposed && store.getState().conversations[conversation.id] && conversation.agentId) {
        dispatch({ type: "error", agentId: conversation.agentId, error: adapterError })
      }
      throw toChatError(error, "UNKNOWN")
    }
  }

  const turns = new TurnRunner(adapter, store, events, () => disposed)

  const deletion = new PendingDeletion(dispatch, async (agentId) => {
    try {
      await adapter.stopChatAgent(agentId)
    } catch (error) {
      report(toAdapterError(error, "UNKNOWN"))
    }
  })

  /** Adds a conversation to the store and selects it; its agent may come later. */
  const addConversation = (title: string, agentId?: string): string => {
    const id = createId()
    const conversation = { id, title, createdAt: now().toISOString() }
    dispatch([
      {
        type: "conversation-created",
        conversation: agentId === undefined ? conversation : { ...conversation, agentId },
      },
      { type: "conversation-selected", conversationId: id },
    ])
    return id
  }

  const controller: ChatController = {
    store,
    adapter,

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
        if (!disposed) dispatch({ type: "error", error: toAdapterError(chatError) })
        throw chatError
      }
      return addConversation(title?.trim() || defaultTitle, agentId)
    },

    selectConversation(conversationId) {
      conversationOrThrow(conversationId)
      dispatch({ type: "conversation-selected", conversationId })
    },

    renameConversation(conversationId, title) {
      conversationOrThrow(conversationId)
      if (typeof title !== "string" || title.trim() === "") {
        throw new ChatError("INVALID_INPUT", "A conversation title cannot be empty.")
      }
      dispatch({ type: "conversation-renamed", conversationId, title: title.trim() })
    },

    async deleteConversation(conversationId, deleteOptions = {}) {
      const conversation = conversationOrThrow(conversationId)
      // Cancelled first, so a conversation brought back by undo is not stuck mid-answer.
      if (isRunning(conversation) || turns.has(conversation.id)) controller.cancel(conversation.id)
      turns.stop(conversation.id)
      events.listen(conversation.id)
      const undoMs = deleteOptions.undoMs ?? 0
      await deletion.delete(conversation.id, conversation.agentId, disposed ? 0 : undoMs)
    },

    restoreConversation(conversationId) {
      return deletion.restore(conversationId)
    },

    async send(text, sendOptions = {}) {
      if (typeof text !== "string" || text.trim() === "") {
        throw new ChatError("INVALID_INPUT", "Type a message before sending.")
      }
      let conversationId = sendOptions?.conversationId
      // The first message opens a conversation here and now, its agent starting with the send:
      // an agent that cannot start fails the turn, and the message stays to be retried.
      if (conversationId === undefined && store.getState().activeConversationId === undefined) {
        conversationId = addConversation(titleFrom(text))
      }
      const conversation = conversationOrThrow(conversationId)
      if (isRunning(conversation)) {
        throw new ChatError(
          "INVALID_INPUT",
          "An answer is still arriving; wait for it or stop it first.",
        )
      }
      const item: MessageItem = {
        id: `local-${createId()}`,
        type: "message",
        role: "user",
        content: text,
        timestamp: now().toISOString(),
      }
      const actions: ChatAction[] = [
        { type: "run-submitted", conversationId: conversation.id },
        { type: "user-message-sent", conversationId: conversation.id, item },
      ]
      if (conversation.itemIds.length === 0 && conversation.title === defaultTitle) {
        actions.push({
          type: "conversation-renamed",
          conversationId: conversation.id,
          title: titleFrom(text),
        })
      }
      await turns.run(conversation, text, actions)
    },

    cancel(conversationId) {
      const conversation = conversationOrThrow(conversationId)
      if (!isRunning(conversation) && !turns.has(conversation.id)) return
      events.ignore(conversation.id, conversation.run.runId)
      turns.stop(conversation.id)
      dispatch({ type: "run-cancelled", conversationId: conversation.id })
    },

    async retry(conversationId) {
      const conversation = conversationOrThrow(conversationId)
      const message = conversation.lastFailedMessage
      if (message === undefined || conversation.run.status !== "error") {
        throw new ChatError(
          "INVALID_INPUT",
          "There is no failed message to retry in this conversation.",
        )
      }
      // The same turn again: the failed attempt's items after the user's message go, the
      // message itself stays (and is not sent as a second copy).
      const userItemId = lastUserItemId(conversation)
      if (userItemId === undefined) {
        await controller.send(message, { conversationId: conversation.id })
        return
      }
      const failedItemIds = conversation.itemIds.slice(conversation.itemIds.indexOf(userItemId) + 1)
      await turns.run(conversation, message, [
        ...failedItemIds.map(
          (itemId): ChatAction => ({
            type: "item-removed",
            conversationId: conversation.id,
            itemId,
          }),
        ),
        { type: "turn-retried", conversationId: conversation.id },
        { type: "run-submitted", conversationId: conversation.id },
      ])
    },

    async clearHistory(conversationId) {
      const conversation = conversationOrThrow(conversationId)
      const agentId = conversation.agentId
      if (isRunning(conversation)) controller.cancel(conversation.id)
      // A conversation that never reached an agent has nothing on the server to clear.
      if (agentId !== undefined) {
        await adapterCall(conversation, () => adapter.clearConversationHistory(agentId))
      }
      if (store.getState().conversations[conversation.id]) {
        dispatch({ type: "conversation-cleared", conversationId: conversation.id })
      }
    },

    async reload(conversationId) {
      const conversation = conversationOrThrow(conversationId)
      const agentId = agentIdOf(conversation)
      const items = await adapterCall(conversation, () => adapter.getConversationItems(agentId))
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
      const conversation = conversationOrThrow(conversationId)
      const agentId = agentIdOf(conversation)
      if (action?.type !== "button" || typeof adapter.handleCardAction !== "function") return
      await adapterCall(
        conversation,
        () => adapter.handleCardAction?.(agentId, action, card) ?? Promise.resolve(),
      )
    },

    connect() {
      if (disposed) return () => {}
      connections += 1
      events.start()
      let connected = true
      return () => {
        if (!connected) return
        connected = false
        connections -= 1
        if (connections === 0) events.stop()
      }
    },

    dispose() {
      disposed = true
      deletion.finish()
      events.dispose()
    },
  }
  if (options.connect !== false) controller.connect()
  return controller
}
