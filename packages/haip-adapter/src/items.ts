/**
 * Folds item events into an ordered map of items (the turn's items and the transcript). The
 * map owns its items: they are cloned when added and changed in place after.
 */
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"

/** Applies one event to `items`; returns false when it refers to an item that is not there. */
export function applyItemEvent(items: Map<string, ChatResponseItem>, event: ChatEvent): boolean {
  switch (event.type) {
    case "item-added":
      items.set(event.item.id, structuredClone(event.item))
      return true
    case "text-delta": {
      const item = items.get(event.itemId)
      if (item?.type !== "message") return false
      // The map holds its own copies (cloned on item-added), so appending in place is safe.
      item.content += event.delta
      return true
    }
    case "item-updated": {
      const item = items.get(event.itemId)
      if (!item) return false
      const { patch } = event
      if (item.type === "message" && patch.content !== undefined)
        items.set(item.id, { ...item, content: patch.content })
      else if (item.type === "tool_call" && patch.toolCall)
        items.set(item.id, { ...item, toolCall: { ...item.toolCall, ...patch.toolCall } })
      else if (item.type === "card" && patch.card)
        items.set(item.id, { ...item, card: { ...item.card, ...patch.card } })
      return true
    }
    case "item-done":
      return items.has(event.itemId)
    default:
      return true
  }
}
