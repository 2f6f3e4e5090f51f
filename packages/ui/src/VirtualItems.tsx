/**
 * The virtualized layout of {@link MessageList}: only the items in view (plus a few) are in
 * the DOM. Loaded lazily, the first time a thread is long enough, so short chats never pay
 * for the virtualizer.
 */
import { useVirtualizer } from "@tanstack/react-virtual"
import { useCallback } from "react"
import { useScrollAnchor } from "./hooks/use-scroll-anchor.js"
import { ItemRenderer } from "./ItemRenderer.js"
import { type ItemsProps, useScrollListener } from "./MessageListItems.js"

/** Items are estimated this tall (px) until measured. */
const ESTIMATED_ITEM_HEIGHT = 96

/** Props of {@link VirtualItems}. */
export interface VirtualItemsProps extends ItemsProps {
  /** The scrolling viewport (an element, not a ref: the virtualizer needs it on first layout). */
  scrollElement: HTMLDivElement | null
}

/** Only the items in view, absolutely placed inside a spacer as tall as the whole thread. */
export function VirtualItems({
  itemIds,
  conversationId,
  scrollRef,
  stick,
  scrollElement,
}: VirtualItemsProps) {
  const virtualizer = useVirtualizer({
    count: itemIds.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => ESTIMATED_ITEM_HEIGHT,
    getItemKey: (index) => itemIds[index] ?? index,
    overscan: 4,
    initialOffset: () => itemIds.length * ESTIMATED_ITEM_HEIGHT,
    // The viewport's size now, so the first render already has its rows (no extra frame).
    ...(scrollElement
      ? { initialRect: { width: scrollElement.clientWidth, height: scrollElement.clientHeight } }
      : {}),
  })
  const locate = useCallback(
    (itemId: string) => {
      const index = itemIds.indexOf(itemId)
      return index < 0 ? undefined : virtualizer.measurementsCache[index]?.start
    },
    [itemIds, virtualizer],
  )
  const recordAnchor = useScrollAnchor(scrollRef, itemIds, { isPinned: stick.isPinned, locate })
  useScrollListener(scrollRef, stick.onScroll, recordAnchor)
  return (
    <div
      ref={stick.contentRef}
      className="aichatkit-message-list-content"
      style={{ height: virtualizer.getTotalSize(), position: "relative" }}
    >
      {virtualizer.getVirtualItems().map((row) => (
        <div
          key={row.key}
          ref={virtualizer.measureElement}
          data-index={row.index}
          className="aichatkit-message-list-row"
          style={{
            position: "absolute",
            top: 0,
            left: 0,
            width: "100%",
            transform: `translateY(${row.start}px)`,
          }}
        >
          <ItemRenderer itemId={itemIds[row.index] ?? ""} conversationId={conversationId} />
        </div>
      ))}
    </div>
  )
}
