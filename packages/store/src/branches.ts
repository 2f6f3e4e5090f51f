/**
 * Branches: an edited message or a regenerated answer keeps what it replaces as another
 * alternative at the same place, so a conversation is a tree of turns. The store shows one path:
 * `itemIds`/`items` hold the selected alternative of every branch point on it, and each other
 * alternative waits in its branch point as a stored tail (its items and its own branch points).
 * Keeping the hidden tails out of `items` keeps `items` and `itemIds` listing the same ids,
 * which the copy-on-write draft relies on.
 */
import type { ChatResponseItem } from "@aichatkit/types"
import { type ChatDraft, ownValue } from "./chat-draft.js"
import { lastUserItemId } from "./turn-markers.js"
import type { BranchPoint, BranchTail, ChatState, ConversationState } from "./types.js"

const noBranches: readonly BranchPoint[] = Object.freeze([])

/** The branch points along the shown path, ordered by where they start. */
export function branchesOf(conversation: ConversationState): readonly BranchPoint[] {
  return conversation.branches ?? noBranches
}

/**
 * Starts a new, empty alternative at index `at` of the shown path: what is shown from `at` on
 * becomes the current alternative's stored tail, and the new one is selected. At a place that
 * already has alternatives the new one is added to them.
 */
export function forkBranch(draft: ChatDraft<ChatState>, conversationId: string, at: unknown) {
  const conversation = draft.read(conversationId)
  if (!conversation || !isIndex(at) || at >= conversation.itemIds.length) return
  const branches = branchesOf(conversation)
  const existing = branches.find((point) => point.at === at)
  const tail = cutTail(draft, conversation, at)
  const alternatives = existing
    ? existing.alternatives.map((stored, index) => (index === existing.selected ? tail : stored))
    : [tail]
  const point: BranchPoint = {
    at,
    selected: alternatives.length,
    alternatives: [...alternatives, null],
  }
  draft.conversation(conversationId).branches = [
    ...branches.filter((other) => other.at < at),
    point,
  ]
}

/** Shows alternative `index` of the branch point at `at`; an unknown one changes nothing. */
export function selectBranch(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  at: unknown,
  index: unknown,
) {
  const conversation = draft.read(conversationId)
  if (!conversation || !isIndex(at) || !isIndex(index)) return
  const branches = branchesOf(conversation)
  const point = branches.find((candidate) => candidate.at === at)
  const target = point?.alternatives[index]
  if (!point || index === point.selected || !target) return
  const tail = cutTail(draft, conversation, at)
  const items = draft.items(conversationId)
  const itemIds = draft.itemIds(conversationId)
  for (const item of target.items) {
    if (Object.hasOwn(items, item.id)) continue
    items[item.id] = item
    itemIds.push(item.id)
  }
  const alternatives = point.alternatives.map((stored, position) =>
    position === point.selected ? tail : position === index ? null : stored,
  )
  draft.conversation(conversationId).branches = [
    ...branches.filter((other) => other.at < at),
    { at, selected: index, alternatives },
    ...target.branches,
  ]
}

/** Removes the shown items from `at` on and returns them (with their branch points) as a tail. */
function cutTail(
  draft: ChatDraft<ChatState>,
  conversation: ConversationState,
  at: number,
): BranchTail {
  const cutIds = conversation.itemIds.slice(at)
  const tail: BranchTail = {
    items: cutIds.flatMap((itemId) => ownValue(conversation.items, itemId) ?? []),
    branches: branchesOf(conversation).filter((point) => point.at > at),
  }
  if (cutIds.length === 0) return tail
  const conversationId = conversation.id
  draft.itemIds(conversationId).length = at
  const items = draft.items(conversationId)
  for (const itemId of cutIds) delete items[itemId]
  if (cutIds.some((itemId) => ownValue(conversation.streamingItemIds, itemId))) {
    const streaming = draft.streaming(conversationId)
    for (const itemId of cutIds) delete streaming[itemId]
  }
  const writable = draft.conversation(conversationId)
  if (writable.pendingUserItemId !== undefined && cutIds.includes(writable.pendingUserItemId)) {
    delete writable.pendingUserItemId
  }
  return tail
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0
}

/** Where an item of the shown path starts alternatives: which one is shown, of how many. */
export interface BranchPosition {
  /** The index in `itemIds` where the alternatives start (what `selectBranch` takes). */
  at: number
  /** The shown alternative, from 0. */
  selected: number
  count: number
}

interface PositionCache {
  branches: readonly BranchPoint[]
  byItem: Map<string, BranchPosition>
}

/** Keyed by the path array: it changes only when items are added or removed, never per token. */
const positionCache = new WeakMap<readonly string[], PositionCache>()

/**
 * The branch point that starts at `itemId`, if any. The result keeps its identity until the
 * branch points or the shown path change, so a streamed token re-renders no branch picker.
 */
export function selectBranchPosition(
  state: ChatState,
  conversationId: string,
  itemId: string,
): BranchPosition | undefined {
  const conversation = state.conversations[conversationId]
  if (conversation?.branches === undefined || conversation.branches.length === 0) return undefined
  let cached = positionCache.get(conversation.itemIds)
  if (cached?.branches !== conversation.branches) {
    const byItem = new Map<string, BranchPosition>()
    for (const point of conversation.branches) {
      const first = conversation.itemIds[point.at]
      const count = point.alternatives.length
      if (first !== undefined) byItem.set(first, { at: point.at, selected: point.selected, count })
    }
    cached = { branches: conversation.branches, byItem }
    positionCache.set(conversation.itemIds, cached)
  }
  return cached.byItem.get(itemId)
}

/**
 * What a turn of a branched conversation follows: the shown items before its user message.
 * Undefined while the conversation has never branched, so the adapter keeps the history it
 * saw (and an adapter that cannot branch is never asked to).
 */
export function branchHistory(
  conversation: ConversationState | undefined,
): ChatResponseItem[] | undefined {
  if (conversation?.branches === undefined || conversation.branches.length === 0) return undefined
  const userItemId = lastUserItemId(conversation)
  const end = userItemId === undefined ? 0 : conversation.itemIds.lastIndexOf(userItemId)
  return conversation.itemIds
    .slice(0, end)
    .flatMap((itemId) => ownValue(conversation.items, itemId) ?? [])
}

/**
 * Whether `itemId` is part of the answer to the conversation's last user message (what a server
 * that keeps the conversation can regenerate). Walks back from the end, so it costs the length
 * of the last turn, not of the conversation.
 */
export function isInLastAnswer(conversation: ConversationState, itemId: string): boolean {
  for (let index = conversation.itemIds.length - 1; index >= 0; index--) {
    const item = ownValue(conversation.items, conversation.itemIds[index] as string)
    if (item?.type === "message" && item.role === "user") return false
    if (item?.id === itemId) return true
  }
  return false
}

/** {@link isInLastAnswer} for a conversation of the store (false for an unknown one). */
export function selectIsLastAnswer(state: ChatState, conversationId: string, itemId: string) {
  const conversation = state.conversations[conversationId]
  return conversation !== undefined && isInLastAnswer(conversation, itemId)
}
