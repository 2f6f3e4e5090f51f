import type { ChatStore } from "@aichatkit/store"
import { useEffect, useRef, useState } from "react"
import { conversationAnnouncements, createAnnouncerMemory } from "../announcements.js"
import type { Labels } from "../labels.js"

/** One sentence for the live region; the id makes a repeated sentence a new node. */
export interface Announcement {
  id: number
  text: string
}

/** Sentences kept in the region: enough for a burst of changes in one frame. */
const KEPT = 5

let nextAnnouncementId = 0

/**
 * The sentences to announce for a conversation, newest last: an assistant answer once it is
 * finished (as the text a reader sees, never per token), each tool status change, each card
 * and a stopped answer. Each sentence is a new entry, so an answer identical to the previous
 * one is announced too. Watches the store directly so the list does not re-render per token.
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
    return store.subscribe((state, previous) => {
      const next = state.conversations[conversationId]
      if (!next) return
      const before = previous.conversations[conversationId]
      const sentences = conversationAnnouncements(memory, before, next, labelsRef.current)
      if (sentences.length === 0) return
      const added = sentences.map((text) => ({ id: ++nextAnnouncementId, text }))
      setAnnouncements((kept) => [...kept, ...added].slice(-KEPT))
    })
  }, [store, conversationId])
  return announcements
}
