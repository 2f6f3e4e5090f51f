import type { ChatStore, ConversationState } from "@aichatkit/store"
import { useEffect, useRef, useState } from "react"
import { flushSync } from "react-dom"
import { conversationAnnouncements, createAnnouncerMemory } from "../announcements.js"
import type { Labels } from "../labels.js"
import { whenIdle } from "../when-idle.js"

/** One sentence for the live region; the id makes a repeated sentence a new node. */
export interface Announcement {
  id: number
  text: string
}

/** Sentences kept in the region: enough for a burst of changes in one frame. */
const KEPT = 5

let nextAnnouncementId = 0

/** The longest a change waits to be read when the page is never idle. */
const READ_WITHIN_MS = 100

/**
 * The idle time a reading waits for (half a frame): reading a 9 kB answer as speech and rendering
 * it took 2–5 ms while it rendered the whole list and lexed the answer again (about 1 ms since it
 * renders the live region alone and reuses the view's blocks), and in the few ms left after the
 * frame that paints the answer it made the next frame late.
 */
const READ_NEEDS_MS = 8

/**
 * The sentences to announce for a conversation, newest last: an assistant answer once it is
 * finished (as the text a reader sees, never per token), each tool status change, each card
 * and a stopped answer. Each sentence is a new entry, so an answer identical to the previous
 * one is announced too. Watches the store directly so the list does not re-render per token.
 *
 * Each change is read once the page is idle (within 100 ms), not in the store's update: the
 * frame that ends an answer already renders its last words, and reading the whole answer as
 * speech (and laying it out in the live region) would lengthen that frame, and the next, for
 * what a screen reader says a moment later anyway. The changes are read one by one, in
 * order, as they came.
 */
export function useAnnouncements(
  store: ChatStore,
  conversationId: string | undefined,
  labels: Labels,
): readonly Announcement[] {
  const [announcements, setAnnouncements] = useState<readonly Announcement[]>([])
  const labelsRef = useRef(labels)
  labelsRef.current = labels
  useEffect(() => {
    if (conversationId === undefined) return
    const memory = createAnnouncerMemory(store.getState().conversations[conversationId])
    const changes: [ConversationState | undefined, ConversationState][] = []
    let cancelReading: (() => void) | undefined
    const readChanges = () => {
      cancelReading = undefined
      const sentences = changes
        .splice(0)
        .flatMap(([before, next]) =>
          conversationAnnouncements(memory, before, next, labelsRef.current),
        )
      if (sentences.length === 0) return
      const added = sentences.map((text) => ({ id: ++nextAnnouncementId, text }))
      // Rendered now, inside the idle time found for it, not in a task of React's own after it.
      flushSync(() => setAnnouncements((kept) => [...kept, ...added].slice(-KEPT)))
    }
    const unsubscribe = store.subscribe((state, previous) => {
      const next = state.conversations[conversationId]
      if (!next) return
      changes.push([previous.conversations[conversationId], next])
      cancelReading ??= whenIdle(readChanges, READ_WITHIN_MS, READ_NEEDS_MS)
    })
    return () => {
      unsubscribe()
      cancelReading?.()
    }
  }, [store, conversationId])
  return announcements
}
