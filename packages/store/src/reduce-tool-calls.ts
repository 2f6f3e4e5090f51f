/**
 * `tool-response-requested`: a tool call that waits for the user's side (an approval, or a
 * browser tool's output). The call stops streaming; one asking for approval becomes
 * `awaiting-approval`. The controller's `respondToToolCall` answers it.
 */
import { patchItem } from "@aichatkit/network-adapter"
import type { ToolResponseRequestedEvent } from "@aichatkit/types"
import { type ChatDraft, ownValue } from "./chat-draft.js"
import { isDeepEqual } from "./deep-equal.js"
import type { ChatState, ConversationState } from "./types.js"

export function awaitToolResponse(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  event: ToolResponseRequestedEvent,
): void {
  const conversation = draft.read(conversationId) as ConversationState
  const item = ownValue(conversation.items, event.itemId)
  if (item?.type !== "tool_call") return
  if (ownValue(conversation.streamingItemIds, item.id))
    delete draft.streaming(conversationId)[item.id]
  if (event.awaiting !== "approval") return
  const next = patchItem(item, { toolCall: { status: "awaiting-approval" } }, false)
  if (next === undefined || isDeepEqual(item, next)) return
  draft.items(conversationId)[item.id] = next
}
