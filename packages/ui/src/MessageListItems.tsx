/** The two ways {@link MessageList} lays out its items: all of them, or only those in view. */
import { Fragment, type RefObject, useEffect, useRef } from "react"
import { useScrollAnchor } from "./hooks/use-scroll-anchor.js"
import type { StickToBottom } from "./hooks/use-stick-to-bottom.js"
import { ItemRenderer } from "./ItemRenderer.js"
import { TurnMarker } from "./TurnMarker.js"

/** What the list hands its item layout. */
export interface ItemsProps {
  itemIds: readonly string[]
  conversationId: string | undefined
  scrollRef: RefObject<HTMLDivElement | null>
  stick: StickToBottom
}

/** Every item in the DOM, for threads short enough not to need virtualizing. */
export function PlainItems({ itemIds, conversationId, scrollRef, stick }: ItemsProps) {
  const recordAnchor = useScrollAnchor(scrollRef, itemIds, { isPinned: stick.isPinned })
  useScrollListener(scrollRef, stick.onScroll, recordAnchor)
  return (
    <div ref={stick.contentRef} className="aichatkit-message-list-content">
      {itemIds.map((id) => (
        <Fragment key={id}>
          <ItemRenderer itemId={id} conversationId={conversationId} />
          <TurnMarker itemId={id} conversationId={conversationId} />
        </Fragment>
      ))}
    </div>
  )
}

/** Listens to the viewport's scroll events (passive) for as long as the items are shown. */
export function useScrollListener(
  scrollRef: RefObject<HTMLDivElement | null>,
  ...listeners: Array<() => void>
) {
  const latest = useRef(listeners)
  latest.current = listeners
  useEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const onScroll = () => {
      for (const listener of latest.current) listener()
    }
    element.addEventListener("scroll", onScroll, { passive: true })
    return () => element.removeEventListener("scroll", onScroll)
  }, [scrollRef])
}
