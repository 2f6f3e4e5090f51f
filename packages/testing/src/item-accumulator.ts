import type { ChatEvent, ChatResponseItem, ItemPatch } from "@aichatkit/types"

/**
 * Folds `ChatEvent`s into the items they describe: what a turn's `ChatResponse` holds.
 * Items keep the order in which they first appeared; `item-added` upserts by id, so
 * replaying a whole recorded sequence gives the same items again.
 */
export class ItemAccumulator {
  readonly #items = new Map<string, ChatResponseItem>()
  /** Text that arrived before its item, appended when the item arrives. */
  readonly #pendingText = new Map<string, string>()

  /** Applies one event; events that describe no item are ignored. */
  apply(event: ChatEvent): void {
    switch (event.type) {
      case "item-added": {
        let item = structuredClone(event.item)
        const pending = this.#pendingText.get(item.id)
        if (pending !== undefined && item.type === "message") {
          item = { ...item, content: item.content + pending }
          this.#pendingText.delete(item.id)
        }
        this.#items.set(item.id, item)
        return
      }
      case "text-delta": {
        const item = this.#items.get(event.itemId)
        if (item === undefined) {
          this.#pendingText.set(
            event.itemId,
            (this.#pendingText.get(event.itemId) ?? "") + event.delta,
          )
        } else if (item.type === "message") {
          this.#items.set(item.id, { ...item, content: item.content + event.delta })
        }
        return
      }
      case "item-updated": {
        const item = this.#items.get(event.itemId)
        if (item !== undefined) this.#items.set(item.id, applyPatch(item, event.patch))
        return
      }
      default:
        return
    }
  }

  /** The items so far, in order of first appearance (copies: changing them changes nothing here). */
  items(): ChatResponseItem[] {
    return [...this.#items.values()].map((item) => structuredClone(item))
  }
}

function applyPatch(item: ChatResponseItem, patch: ItemPatch): ChatResponseItem {
  switch (item.type) {
    case "message":
      return patch.content === undefined ? item : { ...item, content: patch.content }
    case "tool_call":
      return patch.toolCall === undefined
        ? item
        : {
            ...item,
            toolCall: {
              ...item.toolCall,
              ...structuredClone(patch.toolCall),
              id: item.toolCall.id,
            },
          }
    case "card":
      return patch.card === undefined
        ? item
        : { ...item, card: { ...item.card, ...structuredClone(patch.card), id: item.card.id } }
  }
}
