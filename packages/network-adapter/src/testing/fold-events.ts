import type { ChatEvent, ChatResponseItem, ItemPatch } from "@aichatkit/types"

/**
 * Folds events into the items they describe, upserting by id as the store does: the
 * reference the conformance suite compares an adapter's responses and replays against.
 */
export function foldEvents(events: readonly ChatEvent[]): ChatResponseItem[] {
  const items = new Map<string, ChatResponseItem>()
  const pendingText = new Map<string, string>()
  for (const event of events) {
    switch (event.type) {
      case "item-added": {
        const item = structuredClone(event.item)
        const pending = pendingText.get(item.id)
        pendingText.delete(item.id)
        items.set(
          item.id,
          pending !== undefined && item.type === "message"
            ? { ...item, content: item.content + pending }
            : item,
        )
        break
      }
      case "text-delta": {
        const item = items.get(event.itemId)
        if (item === undefined) {
          pendingText.set(event.itemId, (pendingText.get(event.itemId) ?? "") + event.delta)
        } else if (item.type === "message") {
          items.set(item.id, { ...item, content: item.content + event.delta })
        }
        break
      }
      case "item-updated": {
        const item = items.get(event.itemId)
        if (item !== undefined) items.set(item.id, patchItem(item, event.patch))
        break
      }
      default:
        break
    }
  }
  return [...items.values()]
}

function patchItem(item: ChatResponseItem, patch: ItemPatch): ChatResponseItem {
  switch (item.type) {
    case "message":
      return patch.content === undefined ? item : { ...item, content: patch.content }
    case "tool_call":
      return patch.toolCall === undefined
        ? item
        : { ...item, toolCall: { ...item.toolCall, ...patch.toolCall, id: item.toolCall.id } }
    case "card":
      return patch.card === undefined
        ? item
        : { ...item, card: { ...item.card, ...patch.card, id: item.card.id } }
  }
}
