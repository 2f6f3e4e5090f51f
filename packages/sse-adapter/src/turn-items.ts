/** Folds the events of one turn into the items they describe (what `sendMessage` resolves). */
import { type ChatEvent, type ChatResponseItem, MAX_MESSAGE_TEXT_LENGTH } from "@aichatkit/types"

export class TurnItems {
  readonly #items = new Map<string, ChatResponseItem>()
  /** Characters of message text held, across the turn's messages. */
  #textLength = 0

  /**
   * Folds one event in; `false` (and nothing changed) when it would take the turn's text past
   * `MAX_MESSAGE_TEXT_LENGTH`, the store's own limit.
   */
  apply(event: ChatEvent): boolean {
    const added = addedText(event)
    if (added > 0) {
      if (this.#textLength + added > MAX_MESSAGE_TEXT_LENGTH) return false
      this.#textLength += added
    }
    this.#fold(event)
    return true
  }

  #fold(event: ChatEvent): void {
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

/** How much message text an event adds (a replaced message counts whole: a safe overestimate). */
function addedText(event: ChatEvent): number {
  if (event.type === "text-delta") return typeof event.delta === "string" ? event.delta.length : 0
  if (event.type === "item-added" && event.item.type === "message") {
    return typeof event.item.content === "string" ? event.item.content.length : 0
  }
  if (event.type === "item-updated" && typeof event.patch.content === "string") {
    return event.patch.content.length
  }
  return 0
}
