/**
 * The store's own actions (conversations, the optimistic user item, run bookkeeping). Actions
 * naming an unknown conversation change nothing; the controller checks ids before dispatching
 * and rejects the call instead.
 */

import type { MessageFeedback } from "@aichatkit/network-adapter"
import type { ChatResponseItem } from "@aichatkit/types"
import { chatResponseItemProblem, isAdapterError } from "@aichatkit/types"
import { forkBranch, selectBranch } from "./branches.js"
import { type ChatDraft, createRecord, ownValue } from "./chat-draft.js"
import { isDeepEqual } from "./deep-equal.js"
import { deleteConversation, finishDeletion, restoreConversation } from "./reduce-deletions.js"
import { settleStreamingItems } from "./reduce-items.js"
import { progressUpload } from "./reduce-uploads.js"
import { markFailedTurn, markTurn, retryTurn, supersedeFailedTurns } from "./turn-markers.js"
import type { ChatState, ConversationState, StoreAction } from "./types.js"

/** A new, empty conversation. */
export function emptyConversation(
  id: string,
  title: string,
  createdAt: string,
  agentId?: string,
): ConversationState {
  const conversation: ConversationState = {
    id,
    title,
    createdAt,
    updatedAt: createdAt,
    itemIds: [],
    items: createRecord(),
    streamingItemIds: createRecord(),
    run: { status: "idle" },
    pendingDeltas: createRecord(),
  }
  if (agentId !== undefined) conversation.agentId = agentId
  return conversation
}

export function applyStoreAction(draft: ChatDraft<ChatState>, action: StoreAction) {
  if (action.type === "conversation-created") {
    const { id, title, createdAt, agentId } = action.conversation ?? {}
    if (typeof id !== "string" || id === "" || draft.read(id)) return
    if (typeof title !== "string" || typeof createdAt !== "string") return
    if (agentId !== undefined && typeof agentId !== "string") return
    draft.conversations()[id] = draft.adopt(emptyConversation(id, title, createdAt, agentId))
    draft.conversationOrder().unshift(id)
    return
  }
  if (action.type === "conversation-restored") {
    return restoreConversation(draft, action.conversationId)
  }
  if (action.type === "conversation-deletion-finished") {
    return finishDeletion(draft, action.conversationId)
  }
  if (action.type === "conversation-selected") {
    const id = action.conversationId
    if (id === draft.state.activeConversationId) return
    if (id === undefined) delete draft.root().activeConversationId
    else if (draft.read(id)) draft.root().activeConversationId = id
    return
  }
  const conversationId = action.conversationId
  const conversation = draft.read(conversationId)
  if (!conversation) return
  switch (action.type) {
    case "conversation-agent-set":
      if (typeof action.agentId === "string" && conversation.agentId !== action.agentId) {
        draft.conversation(conversationId).agentId = action.agentId
      }
      return
    case "conversation-renamed":
      if (typeof action.title === "string" && conversation.title !== action.title) {
        draft.conversation(conversationId).title = action.title
      }
      return
    case "conversation-deleted":
      return deleteConversation(draft, conversationId, action.undoable === true)
    case "conversation-cleared":
      return loadItems(draft, conversation, [])
    case "conversation-items-loaded":
      return loadItems(draft, conversation, action.items)
    case "user-message-sent":
      return addUserItem(draft, conversation, action.item)
    case "item-removed":
      return removeItem(draft, conversation, action.itemId)
    case "run-submitted":
    case "run-failed":
    case "run-cancelled":
    case "run-settled":
      return changeRun(draft, conversationId, conversation, action)
    case "upload-progressed":
      return progressUpload(draft, conversation, action)
    case "turn-retried":
      return retryTurn(draft, conversation)
    case "branch-forked":
      return forkBranch(draft, conversationId, action.at)
    case "branch-selected":
      return selectBranch(draft, conversationId, action.at, action.index)
    case "feedback-given":
      return rateItem(draft, conversation, action.itemId, action.feedback)
  }
}

/** Keeps (or with `null` forgets) the user's rating of an item that exists. */
function rateItem(
  draft: ChatDraft<ChatState>,
  conversation: ConversationState,
  itemId: unknown,
  feedback: unknown,
) {
  if (typeof itemId !== "string" || !ownValue(conversation.items, itemId)) return
  if (feedback !== "up" && feedback !== "down" && feedback !== null) return
  if ((ownValue(conversation.feedback, itemId) ?? null) === feedback) return
  const ratings = createRecord<MessageFeedback>()
  Object.assign(ratings, conversation.feedback)
  if (feedback === null) delete ratings[itemId]
  else ratings[itemId] = feedback
  draft.conversation(conversation.id).feedback = ratings
}

type RunAction = Extract<
  StoreAction,
  { type: "run-submitted" | "run-failed" | "run-cancelled" | "run-settled" }
>

/** A turn's run moves on: submitted, failed, cancelled by the user, or settled. */
function changeRun(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  conversation: ConversationState,
  action: RunAction,
) {
  // The turn is over (or starts again): no file is uploading.
  if (conversation.uploads) delete draft.conversation(conversationId).uploads
  switch (action.type) {
    case "run-submitted": {
      const writable = draft.conversation(conversationId)
      writable.run = { status: "submitted" }
      delete writable.lastError
      delete writable.lastFailedMessage
      delete writable.answeredToolCall
      if (action.answer) writable.answeredToolCall = true
      if (Object.keys(conversation.pendingDeltas).length > 0) writable.pendingDeltas = {}
      return supersedeFailedTurns(draft, conversationId)
    }
    case "run-failed": {
      const writable = draft.conversation(conversationId)
      const run: ConversationState["run"] = { status: "error" }
      if (conversation.run.runId !== undefined) run.runId = conversation.run.runId
      writable.run = run
      if (isAdapterError(action.error)) writable.lastError = action.error
      settleStreamingItems(draft, conversationId, true)
      return markFailedTurn(draft, conversationId, action.message)
    }
    case "run-cancelled": {
      if (conversation.run.status !== "submitted" && conversation.run.status !== "streaming") return
      const run: ConversationState["run"] = { status: "cancelled" }
      if (conversation.run.runId !== undefined) run.runId = conversation.run.runId
      draft.conversation(conversationId).run = run
      settleStreamingItems(draft, conversationId, true)
      return markTurn(draft, conversationId, { status: "stopped" })
    }
    case "run-settled": {
      if (conversation.run.status !== "submitted" && conversation.run.status !== "streaming") return
      const run: ConversationState["run"] = { status: "idle" }
      if (conversation.run.runId !== undefined) run.runId = conversation.run.runId
      draft.conversation(conversationId).run = run
      return settleStreamingItems(draft, conversationId, false)
    }
  }
}

/** Replaces every item (a reload or a clear); invalid and repeated items are skipped. */
function loadItems(
  draft: ChatDraft<ChatState>,
  conversation: ConversationState,
  loaded: readonly ChatResponseItem[],
): void {
  const items = createRecord<ChatResponseItem>()
  const itemIds: string[] = []
  for (const item of Array.isArray(loaded) ? loaded : []) {
    if (chatResponseItemProblem(item) !== undefined) continue
    if (!(item.id in items)) itemIds.push(item.id)
    const known = ownValue(conversation.items, item.id)
    items[item.id] = known !== undefined && isDeepEqual(known, item) ? known : item
  }
  const writable = draft.conversation(conversation.id)
  writable.items = draft.adopt(items)
  writable.itemIds = draft.adopt(itemIds)
  writable.streamingItemIds = createRecord()
  writable.pendingDeltas = createRecord()
  writable.run = { status: "idle" }
  delete writable.replayOffsets
  delete writable.pendingUserItemId
  delete writable.lastError
  delete writable.lastFailedMessage
  delete writable.turnMarkers
  delete writable.branches
  delete writable.feedback
}

function addUserItem(
  draft: ChatDraft<ChatState>,
  conversation: ConversationState,
  item: ChatResponseItem,
): void {
  if (chatResponseItemProblem(item) !== undefined || ownValue(conversation.items, item.id)) return
  draft.items(conversation.id)[item.id] = item
  draft.itemIds(conversation.id).push(item.id)
  const writable = draft.conversation(conversation.id)
  writable.pendingUserItemId = item.id
  if (typeof item.timestamp === "string" && item.timestamp > writable.updatedAt) {
    writable.updatedAt = item.timestamp
  }
}

function removeItem(draft: ChatDraft<ChatState>, conversation: ConversationState, itemId: string) {
  if (!ownValue(conversation.items, itemId)) return
  delete draft.items(conversation.id)[itemId]
  const itemIds = draft.itemIds(conversation.id)
  const index = itemIds.indexOf(itemId)
  if (index !== -1) itemIds.splice(index, 1)
  const writable = draft.conversation(conversation.id)
  if (writable.pendingUserItemId === itemId) delete writable.pendingUserItemId
  if (ownValue(conversation.streamingItemIds, itemId))
    delete draft.streaming(conversation.id)[itemId]
  if (ownValue(conversation.replayOffsets, itemId) !== undefined) {
    delete draft.replayOffsets(conversation.id)[itemId]
  }
}
