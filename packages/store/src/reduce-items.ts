/**
 * The item events of one conversation: `item-added` (upsert), `text-delta`, `item-updated`
 * and `item-done`. Every function leaves the draft untouched when the event changes nothing,
 * so duplicated and replayed events return the same state.
 */
import {
  cancelledToolCall,
  MAX_PENDING_DELTA_ITEMS,
  mergeAddedItem,
  mergeAttachments,
  patchItem,
  withAudioChunk,
} from "@aichatkit/network-adapter"
import type {
  AdapterError,
  AudioChunkEvent,
  ChatResponseItem,
  ItemAddedEvent,
  ItemDoneEvent,
  ItemUpdatedEvent,
  MessageItem,
  TextDeltaEvent,
} from "@aichatkit/types"
import { chatResponseItemProblem, MAX_MESSAGE_TEXT_LENGTH } from "@aichatkit/types"
import { type ChatDraft, createRecord, ownValue } from "./chat-draft.js"
import { isDeepEqual } from "./deep-equal.js"
import type { ChatState, ConversationState } from "./types.js"

/** How many unknown items may hold early deltas at once; more are dropped as junk. */
/** The longest text one message may grow to by deltas (characters); more is dropped. */
export { MAX_MESSAGE_TEXT_LENGTH, MAX_PENDING_DELTA_ITEMS }

const textTooLong: AdapterError = {
  code: "PAYLOAD_TOO_LARGE",
  message: `An answer grew past ${MAX_MESSAGE_TEXT_LENGTH.toLocaleString("en-US")} characters; the rest of it is not shown. Ask for a shorter answer.`,
  retryable: false,
}

/** Keeps the too-long error on the conversation (once), instead of growing the text. */
function refuseLongText(draft: ChatDraft<ChatState>, conversationId: string): void {
  if (draft.read(conversationId)?.lastError !== textTooLong) {
    draft.conversation(conversationId).lastError = textTooLong
  }
}

/** Whether the conversation's run `runId` has already finished (late events of it settle). */
function isFinishedRun(conversation: ConversationState, runId: string | undefined): boolean {
  const { run } = conversation
  return (
    runId !== undefined &&
    run.runId === runId &&
    run.status !== "streaming" &&
    run.status !== "submitted"
  )
}

function bumpUpdatedAt(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  item: ChatResponseItem,
) {
  const timestamp = item.timestamp
  const conversation = draft.read(conversationId)
  if (typeof timestamp === "string" && conversation && timestamp > conversation.updatedAt) {
    draft.conversation(conversationId).updatedAt = timestamp
  }
}

/** Upserts an item: inserts a new id at the end, merges an existing one in place. */
export function addItem(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  event: ItemAddedEvent,
) {
  const incoming = event.item
  if (chatResponseItemProblem(incoming) !== undefined) return
  const conversation = draft.read(conversationId) as ConversationState
  const existing = ownValue(conversation.items, incoming.id)
  if (existing) {
    mergeItem(draft, conversationId, existing, incoming)
    return
  }
  const pendingUserItemId = conversation.pendingUserItemId
  if (
    incoming.type === "message" &&
    incoming.role === "user" &&
    pendingUserItemId !== undefined &&
    ownValue(conversation.items, pendingUserItemId)
  ) {
    replaceOptimisticItem(draft, conversationId, pendingUserItemId, incoming)
    return
  }
  let item = incoming
  const early = ownValue(conversation.pendingDeltas, incoming.id)
  if (early !== undefined) {
    if (incoming.type === "message") item = { ...incoming, content: incoming.content + early }
    delete draft.pendingDeltas(conversationId)[incoming.id]
  }
  draft.items(conversationId)[item.id] = item
  draft.itemIds(conversationId).push(item.id)
  const isUserMessage = item.type === "message" && item.role === "user"
  if (!isUserMessage && !isFinishedRun(conversation, event.runId)) {
    draft.streaming(conversationId)[item.id] = true
  }
  bumpUpdatedAt(draft, conversationId, item)
}

/** The server's copy of the user's message takes the optimistic item's place (and position). */
function replaceOptimisticItem(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  localId: string,
  item: MessageItem,
) {
  // Read before the ids change: the draft copies the items the ids name.
  const local = ownValue((draft.read(conversationId) as ConversationState).items, localId)
  const itemIds = draft.itemIds(conversationId)
  const index = itemIds.indexOf(localId)
  if (index === -1) itemIds.push(item.id)
  else itemIds[index] = item.id
  const items = draft.items(conversationId)
  delete items[localId]
  // Most servers echo the text but not the files (or files as data URLs that cannot render):
  // the files the user sent stay on the message.
  const attachments = mergeAttachments(
    local?.type === "message" ? local.attachments : undefined,
    item.attachments,
  )
  const merged = attachments === undefined ? item : { ...item, attachments }
  // Likewise a voice message: a server that does not echo its audio keeps it a voice message.
  const audio = local?.type === "message" && item.audio === undefined ? local.audio : undefined
  items[item.id] = audio === undefined ? merged : { ...merged, audio }
  const conversation = draft.conversation(conversationId)
  delete conversation.pendingUserItemId
  if (ownValue(conversation.streamingItemIds, localId))
    delete draft.streaming(conversationId)[localId]
  bumpUpdatedAt(draft, conversationId, item)
}

/** An item arriving again: the rules of {@link mergeAddedItem}, shared with the adapters' fold. */
function mergeItem(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  existing: ChatResponseItem,
  incoming: ChatResponseItem,
) {
  const merged = mergeAddedItem(existing, incoming)
  if (merged === undefined) return
  if (merged.keptText) {
    const conversation = draft.read(conversationId) as ConversationState
    if (ownValue(conversation.streamingItemIds, existing.id)) {
      draft.replayOffsets(conversationId)[existing.id] = (incoming as MessageItem).content.length
    }
  }
  if (isDeepEqual(existing, merged.item)) return
  draft.items(conversationId)[existing.id] = merged.item
}

/** Appends text to a streaming message; keeps it for later when the item is unknown. */
export function appendDelta(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  event: TextDeltaEvent,
) {
  const { itemId, delta } = event
  if (typeof delta !== "string" || delta === "" || typeof itemId !== "string") return
  const conversation = draft.read(conversationId) as ConversationState
  const item = ownValue(conversation.items, itemId)
  if (!item) {
    const pending = ownValue(conversation.pendingDeltas, itemId)
    if (
      pending === undefined &&
      Object.keys(conversation.pendingDeltas).length >= MAX_PENDING_DELTA_ITEMS
    ) {
      return
    }
    const early = (pending ?? "") + delta
    if (early.length > MAX_MESSAGE_TEXT_LENGTH) return refuseLongText(draft, conversationId)
    draft.pendingDeltas(conversationId)[itemId] = early
    return
  }
  // A delta for a settled item is late or duplicated: the item already has its text.
  if (item.type !== "message" || !ownValue(conversation.streamingItemIds, itemId)) return
  const offset = ownValue(conversation.replayOffsets, itemId)
  if (offset !== undefined) {
    const offsets = draft.replayOffsets(conversationId)
    if (item.content.startsWith(delta, offset)) {
      const next = offset + delta.length
      if (next >= item.content.length) delete offsets[itemId]
      else offsets[itemId] = next
      return
    }
    // The replay diverged from what streamed before: from here on the text is new.
    delete offsets[itemId]
  }
  if (item.content.length + delta.length > MAX_MESSAGE_TEXT_LENGTH) {
    return refuseLongText(draft, conversationId)
  }
  const message = draft.item(conversationId, itemId) as MessageItem
  message.content += delta
}

/**
 * Appends a run of deltas to one item at once, when that is what applying them one by one
 * would do: the item is a streaming message with no replay to match and room for all of them.
 * Says whether it did; otherwise nothing changed, and the deltas go one by one.
 */
export function appendDeltas(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  events: readonly TextDeltaEvent[],
): boolean {
  const itemId = events[0]?.itemId
  if (typeof itemId !== "string") return false
  const conversation = draft.read(conversationId) as ConversationState
  const item = ownValue(conversation.items, itemId)
  if (item?.type !== "message" || !ownValue(conversation.streamingItemIds, itemId)) return false
  if (ownValue(conversation.replayOffsets, itemId) !== undefined) return false
  let text = ""
  for (const { delta } of events) if (typeof delta === "string") text += delta
  if (item.content.length + text.length > MAX_MESSAGE_TEXT_LENGTH) return false
  if (text === "") return true
  const message = draft.item(conversationId, itemId) as MessageItem
  message.content += text
  return true
}

/** Applies an `item-updated` patch by the rules of {@link patchItem}, shared with the fold. */
export function updateItem(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  event: ItemUpdatedEvent,
) {
  const conversation = draft.read(conversationId) as ConversationState
  const item = ownValue(conversation.items, event.itemId)
  if (!item) return
  const settled = !ownValue(conversation.streamingItemIds, item.id)
  const next = patchItem(item, event.patch, settled)
  if (next === undefined || isDeepEqual(item, next)) return
  draft.items(conversationId)[item.id] = next
  if (ownValue(conversation.replayOffsets, item.id) !== undefined) {
    delete draft.replayOffsets(conversationId)[item.id]
  }
}

/** Appends a chunk of audio to a message still streaming (the fold's rule, {@link withAudioChunk}). */
export function appendAudio(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  event: AudioChunkEvent,
) {
  const conversation = draft.read(conversationId) as ConversationState
  if (typeof event.itemId !== "string") return
  const item = ownValue(conversation.items, event.itemId)
  if (!item || !ownValue(conversation.streamingItemIds, item.id)) return
  const next = withAudioChunk(item, event)
  if (next !== undefined) draft.items(conversationId)[item.id] = next
}

/** Settles an item: no more deltas are appended to it. */
export function finishItem(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  event: ItemDoneEvent,
) {
  const conversation = draft.read(conversationId) as ConversationState
  if (ownValue(conversation.streamingItemIds, event.itemId))
    delete draft.streaming(conversationId)[event.itemId]
  if (ownValue(conversation.replayOffsets, event.itemId) !== undefined) {
    delete draft.replayOffsets(conversationId)[event.itemId]
  }
}

/**
 * Ends streaming for every open item of a conversation; on cancel, tool calls still pending or
 * executing become `cancelled` so no spinner is left running.
 */
export function settleStreamingItems(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  cancelTools: boolean,
): void {
  const conversation = draft.read(conversationId) as ConversationState
  const open = Object.keys(conversation.streamingItemIds)
  if (cancelTools) {
    for (const itemId of open) {
      const item = ownValue(conversation.items, itemId)
      const cancelled = item === undefined ? undefined : cancelledToolCall(item)
      if (cancelled !== undefined) draft.items(conversationId)[itemId] = cancelled
    }
  }
  if (open.length > 0) draft.conversation(conversationId).streamingItemIds = createRecord()
  if (conversation.replayOffsets !== undefined)
    delete draft.conversation(conversationId).replayOffsets
}
