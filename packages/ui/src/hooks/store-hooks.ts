/**
 * Narrow reads of the chat store. Each hook subscribes through zustand's `useStore`
 * (`useSyncExternalStore` underneath) with a selector that returns a value that keeps its
 * identity until it really changes, so a streamed token re-renders only the item it belongs
 * to: the list reads `itemIds`, which changes only when an item is added or removed.
 */
import {
  type ChatConnectionStatus,
  type ChatStoreState,
  type ConversationState,
  type ConversationSummary,
  type RunStatus,
  selectConversationList,
  selectUploads,
} from "@aichatkit/store"
import type { AdapterError, ChatResponseItem } from "@aichatkit/types"
import { useCallback } from "react"
import { useStore } from "zustand"
import { useChatContext } from "../context.js"

const noItemIds: readonly string[] = Object.freeze([])

/** Reads any slice of the chat state of the nearest `ChatProvider`. */
export function useChatSelector<T>(selector: (state: ChatStoreState) => T): T {
  return useStore(useChatContext().controller.store, selector)
}

/** The id of the conversation a part shows: the one given, else the active one. */
export function useConversationId(conversationId?: string): string | undefined {
  const active = useChatSelector((state) => state.activeConversationId)
  return conversationId ?? active
}

/** A whole conversation (re-renders on every change to it, tokens included). */
export function useConversation(conversationId?: string): ConversationState | undefined {
  const id = useConversationId(conversationId)
  return useChatSelector((state) => (id === undefined ? undefined : state.conversations[id]))
}

/**
 * Every conversation as a `ConversationSummary` (the store's `selectConversationList`), most
 * recently created first. A summary keeps its identity until one of its fields changes, and
 * the list re-renders only then: never per streamed token. For a conversation's items, use
 * `useConversation`.
 */
export function useConversations(): readonly ConversationSummary[] {
  return useChatSelector(selectConversationList)
}

/** Conversation ids in sidebar order; changes only when one is created or deleted. */
export function useConversationIds(): readonly string[] {
  return useChatSelector((state) => state.conversationOrder)
}

/** A conversation's item ids in display order; changes only when items are added or removed. */
export function useItemIds(conversationId?: string): readonly string[] {
  const id = useConversationId(conversationId)
  return useChatSelector((state) =>
    id === undefined ? noItemIds : (state.conversations[id]?.itemIds ?? noItemIds),
  )
}

/** One item of a conversation (the active one by default). */
export function useItem(itemId: string, conversationId?: string): ChatResponseItem | undefined {
  const id = useConversationId(conversationId)
  return useChatSelector((state) =>
    id === undefined ? undefined : state.conversations[id]?.items[itemId],
  )
}

/** The upload percent of a user item's files, by attachment id, while they upload. */
export function useUploads(
  itemId: string,
  conversationId?: string,
): Readonly<Record<string, number>> | undefined {
  const id = useConversationId(conversationId)
  return useChatSelector((state) =>
    id === undefined ? undefined : selectUploads(state, id, itemId),
  )
}

/** Whether an item is still streaming (no `item-done` yet). */
export function useIsStreaming(itemId: string, conversationId?: string): boolean {
  const id = useConversationId(conversationId)
  return useChatSelector((state) =>
    id === undefined ? false : state.conversations[id]?.streamingItemIds[itemId] === true,
  )
}

/** Where the current turn of a conversation is (`idle` when there is none). */
export function useRunStatus(conversationId?: string): RunStatus {
  const id = useConversationId(conversationId)
  return useChatSelector((state) =>
    id === undefined ? "idle" : (state.conversations[id]?.run.status ?? "idle"),
  )
}

/**
 * Whether the agent is working on an answer that shows nothing yet: the run is submitted, or
 * it streams but every item it opened is still an empty message.
 */
export function useIsThinking(conversationId?: string): boolean {
  const id = useConversationId(conversationId)
  return useChatSelector((state) => {
    const conversation = id === undefined ? undefined : state.conversations[id]
    if (!conversation) return false
    if (conversation.run.status === "submitted") return true
    if (conversation.run.status !== "streaming") return false
    return Object.keys(conversation.streamingItemIds).every((itemId) => {
      const item = conversation.items[itemId]
      return item?.type === "message" && item.content === ""
    })
  })
}

/** The adapter's connection (`unknown` until it reports one) and the error that closed it, if any. */
export function useConnection(): {
  status: ChatConnectionStatus
  error: AdapterError | undefined
} {
  const status = useChatSelector((state) => state.connection.status)
  const error = useChatSelector((state) => state.connection.error)
  return { status, error }
}

/** What a chat UI needs to send, stop and retry, for headless use. */
export interface UseChatResult {
  /** The conversation shown (the active one unless another was given). */
  conversationId: string | undefined
  /** Whether a turn is running (submitted or streaming); `useRunStatus` says which stage. */
  isRunning: boolean
  /** Whether the adapter can stop a running turn (`capabilities.cancel`). */
  canCancel: boolean
  /** The last error of the conversation, if its last turn failed. */
  error: AdapterError | undefined
  /** Sends a user message (creates a conversation when there is none). */
  send: (text: string) => Promise<void>
  /** Stops the running turn. */
  cancel: () => void
  /** Runs the failed turn again (the same user message, not a second copy). */
  retry: () => Promise<void>
}

/** Send, stop and retry for a conversation (the active one by default). */
export function useChat(conversationId?: string): UseChatResult {
  const { controller } = useChatContext()
  const id = useConversationId(conversationId)
  const status = useRunStatus(id)
  const error = useChatSelector((state) =>
    id === undefined ? undefined : state.conversations[id]?.lastError,
  )
  const send = useCallback(
    (text: string) =>
      controller.send(text, conversationId === undefined ? undefined : { conversationId }),
    [controller, conversationId],
  )
  const cancel = useCallback(() => controller.cancel(id), [controller, id])
  const retry = useCallback(() => controller.retry(id), [controller, id])
  return {
    conversationId: id,
    isRunning: status === "submitted" || status === "streaming",
    canCancel: controller.adapter.capabilities.cancel,
    error,
    send,
    cancel,
    retry,
  }
}
