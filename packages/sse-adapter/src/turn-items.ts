/** Folds the events of one turn into the items they describe (what `sendMessage` resolves). */
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"

export class TurnItems {
  readonly #items = new Map<string, ChatResponseItem>()

  apply(event: ChatEvent): void {
    switch (event.type) {
      case "item-added":
        this.#items.set(event.item.id, structuredClone(event.item))
        return
      case "text-delta": {
        const item = this.#items.get(event.itemId)
        if (item?.type === "message") item.content += event.delta
        return
      }
      case "item-updated": {
        const item = this.#items.get(event.itemId)
        if (!item) return
        if (item.type === "message" && event.patch.content !== undefined) {
          item.content = event.patch.content
        } else if (item.type === "tool_call" && event.patch.toolCall) {
          item.toolCall = { ...item.toolCall, ...event.patch.toolCall }
        } else if (item.type === "card" && event.patch.card) {
          item.card = { ...item.card, ...event.patch.card }
        }
        return
      }
      default:
        return
    }
  }

  /** The items in the order they first appeared. */
  items(): ChatResponseItem[] {
    return [...this.#items.values()]
  }
}
