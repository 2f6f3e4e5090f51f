/**
 * Narrow reads of chat state for `useStore(store, selector)`. Each returns a reference that
 * stays the same while what it selects is unchanged, so a streamed token re-renders only the
 * component reading that item.
 */
import type { ChatResponseItem } from "@aichatkit/types"
import { ownValue } from "./chat-draft.js"
import type { ChatState, ConversationState, RunStatus } from "./types.js"

/** The selected conversation, if any. */
export function selectActiveConversation(state: ChatState): ConversationState | undefined {
  const id = state.activeConversationId
  return id === undefined ? undefined : state.conversations[id]
}

/** One conversation by its local id. */
export function selectConversation(
  state: ChatState,
  conversationId: string,
): ConversationState | undefined {
  return state.conversations[conversationId]
}

/** One item of a conversation. */
export function selectItem(
  state: ChatState,
  conversationId: string,
  itemId: string,
): ChatResponseItem | undefined {
  return state.conversations[conversationId]?.items[itemId]
}

/** The upload percent of a user item's files, by attachment id, while they upload. */
export function selectUploads(
  state: ChatState,
  conversationId: string,
  itemId: string,
): Readonly<Record<string, number>> | undefined {
  return ownValue(state.conversations[conversationId]?.uploads, itemId)
}

/** What a conversation list shows of one conversation. */
export interface ConversationSummary {
  id: string
  title: string
  agentId?: string
  createdAt: string
  updatedAt: string
  runStatus: RunStatus
  isActive: boolean
  itemCount: number
}

interface ListCache {
  conversations: ChatState["conversations"]
  activeConversationId: string | undefined
  list: readonly ConversationSummary[]
}

/** Keyed by the order array, which is per store: two stores never share a cache entry. */
const listCache = new WeakMap<readonly string[], ListCache>()

function summarize(conversation: ConversationState, isActive: boolean): ConversationSummary {
  const summary: ConversationSummary = {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    runStatus: conversation.run.status,
    isActive,
    itemCount: conversation.itemIds.length,
  }
  if (conversation.agentId !== undefined) summary.agentId = conversation.agentId
  return summary
}

function sameSummary(left: ConversationSummary | undefined, right: ConversationSummary): boolean {
  if (left === undefined) return false
  return (
    left.id === right.id &&
    left.title === right.title &&
    left.agentId === right.agentId &&
    left.createdAt === right.createdAt &&
    left.updatedAt === right.updatedAt &&
    left.runStatus === right.runStatus &&
    left.isActive === right.isActive &&
    left.itemCount === right.itemCount
  )
}

/**
 * The conversations in list order, as summaries. The array (and each summary) keeps its
 * identity while no listed field changes: streaming tokens do not re-render the list.
 */
export function selectConversationList(state: ChatState): readonly ConversationSummary[] {
  const order = state.conversationOrder
  const cached = listCache.get(order)
  if (
    cached &&
    cached.conversations === state.conversations &&
    cached.activeConversationId === state.activeConversationId
  ) {
    return cached.list
  }
  const previous = cached?.list ?? []
  let changed = previous.length !== order.length
  const list: ConversationSummary[] = []
  order.forEach((id, index) => {
    const conversation = state.conversations[id]
    if (!conversation) return
    const fresh = summarize(conversation, id === state.activeConversationId)
    const old = previous[index]
    if (old !== undefined && sameSummary(old, fresh)) list.push(old)
    else {
      changed = true
      list.push(fresh)
    }
  })
  if (list.length !== previous.length) changed = true
  const result = changed ? list : previous
  listCache.set(order, {
    conversations: state.conversations,
    activeConversationId: state.activeConversationId,
    list: result,
  })
  return result
}
