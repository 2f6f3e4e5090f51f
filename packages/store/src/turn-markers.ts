/**
 * Markers of turns that did not end well, kept in the transcript after the error banner is
 * gone or the next message is sent: a failed turn (what failed, and the text Retry sends
 * again) and a stopped answer. Each is keyed by the item it follows, the turn's last item.
 */
import { type ChatDraft, createRecord, ownValue } from "./chat-draft.js"
import type { ChatState, ConversationState, TurnMarker } from "./types.js"

/** The id of the conversation's last user message: the message of its latest turn. */
export function lastUserItemId(conversation: ConversationState): string | undefined {
  for (let index = conversation.itemIds.length - 1; index >= 0; index--) {
    const itemId = conversation.itemIds[index] as string
    const item = ownValue(conversation.items, itemId)
    if (item?.type === "message" && item.role === "user") return itemId
  }
  return undefined
}

/**
 * Puts `marker` after the conversation's last item. A failed turn marked before it is no
 * longer the latest, so Retry leaves it.
 */
export function markTurn(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  marker: TurnMarker,
): void {
  const anchor = draft.read(conversationId)?.itemIds.at(-1)
  if (anchor === undefined) return
  const markers = supersededMarkers(draft.read(conversationId) as ConversationState)
  markers[anchor] = marker
  draft.conversation(conversationId).turnMarkers = markers
}

/**
 * Marks the latest turn failed and keeps the text Retry sends (the turn's user message by
 * default), however it failed: its send rejected, or its run ended in error, even after the
 * send resolved. A run started by answering a tool call is marked without Retry.
 */
export function markFailedTurn(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  message?: string,
): void {
  const conversation = draft.read(conversationId) as ConversationState
  const userItem = ownValue(conversation.items, lastUserItemId(conversation) ?? "")
  const text = message ?? (userItem?.type === "message" ? userItem.content : undefined)
  const error = conversation.lastError
  if (text === undefined || error === undefined) return
  const latest = !conversation.answeredToolCall
  markTurn(draft, conversationId, { status: "failed", error, message: text, latest })
  if (latest) draft.conversation(conversationId).lastFailedMessage = text
}

/** A new turn starts: the failed turns before it are no longer the latest. */
export function supersedeFailedTurns(draft: ChatDraft<ChatState>, conversationId: string): void {
  const conversation = draft.read(conversationId)
  const markers = Object.values(conversation?.turnMarkers ?? {})
  if (!markers.some((marker) => marker.status === "failed" && marker.latest)) return
  draft.conversation(conversationId).turnMarkers = supersededMarkers(
    conversation as ConversationState,
  )
}

/** A copy of the conversation's markers with every failed turn no longer the latest. */
function supersededMarkers(conversation: ConversationState): Record<string, TurnMarker> {
  const markers = createRecord<TurnMarker>()
  for (const [itemId, existing] of Object.entries(conversation.turnMarkers ?? {})) {
    markers[itemId] =
      existing.status === "failed" && existing.latest ? { ...existing, latest: false } : existing
  }
  return markers
}

/**
 * The latest turn runs again: its markers go (the failed attempt's items were removed
 * before), and its user message waits to be matched by the server's copy, so a server that
 * echoes the message replaces it instead of adding a second one.
 */
export function retryTurn(draft: ChatDraft<ChatState>, conversation: ConversationState): void {
  const userItemId = lastUserItemId(conversation)
  const writable = draft.conversation(conversation.id)
  if (userItemId !== undefined) writable.pendingUserItemId = userItemId
  if (conversation.turnMarkers === undefined) return
  const markers = createRecord<TurnMarker>()
  for (const [itemId, marker] of Object.entries(conversation.turnMarkers)) {
    if (itemId !== userItemId && ownValue(conversation.items, itemId)) markers[itemId] = marker
  }
  writable.turnMarkers = markers
}
