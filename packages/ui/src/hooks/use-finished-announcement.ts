import type { ChatStore } from "@aichatkit/store"
import { useEffect, useState } from "react"

/** More items than this arriving at once is a history load, not a reply: not announced. */
const HISTORY_BATCH = 3

/**
 * The text of the last assistant message that finished in a conversation, for a polite
 * live region: set once when the message is done (`item-done`, or added whole), never per
 * token. Watches the store directly so it never re-renders the list while tokens stream.
 */
export function useFinishedAnnouncement(
  store: ChatStore,
  conversationId: string | undefined,
): string {
  const [announcement, setAnnouncement] = useState("")
  useEffect(() => {
    if (conversationId === undefined) return
    const initial = store.getState().conversations[conversationId]
    const known = new Set(initial?.itemIds)
    // Items still streaming when the list mounts are announced when they finish.
    const announced = new Set(initial?.itemIds.filter((id) => !initial.streamingItemIds[id]))
    return store.subscribe((state, previous) => {
      const next = state.conversations[conversationId]
      const before = previous.conversations[conversationId]
      if (
        !next ||
        (next.itemIds === before?.itemIds && next.streamingItemIds === before?.streamingItemIds)
      ) {
        return
      }
      const added = next.itemIds.filter((id) => !known.has(id))
      for (const id of added) known.add(id)
      const candidates =
        added.length > HISTORY_BATCH
          ? []
          : [...added, ...Object.keys(before?.streamingItemIds ?? {})]
      let text: string | undefined
      for (const id of candidates) {
        const item = next.items[id]
        if (announced.has(id) || next.streamingItemIds[id] || item?.type !== "message") continue
        if (item.role !== "assistant" || item.content === "") continue
        announced.add(id)
        text = item.content
      }
      if (text !== undefined) setAnnouncement(text)
    })
  }, [store, conversationId])
  return announcement
}
