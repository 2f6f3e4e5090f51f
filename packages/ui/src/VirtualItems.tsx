/**
 * The virtualized layout of {@link MessageList}: only the items in view (plus a few) are in
 * the DOM. Loaded lazily, the first time a thread is long enough, so short chats never pay
 * for the virtualizer.
 */
import { useCallback } from "react"
import { useChatContext } from "./context.js"
import { useScrollAnchor } from "./hooks/use-scroll-anchor.js"
import { rowTransform, useVirtualRows } from "./hooks/use-virtual-rows.js"
import { ItemRenderer } from "./ItemRenderer.js"
import { type ItemsProps, useScrollListener } from "./MessageListItems.js"
import { TurnMarker } from "./TurnMarker.js"

/**
 * Items are estimated this tall (px) until measured: a message with its row of actions (copy,
 * rating, versions). An estimate short of the real rows leaves a list mounted at its bottom
 * short of it once they are measured.
 */
const ESTIMATED_ITEM_HEIGHT = 128

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
  rowKey,
}: VirtualItemsProps) {
  const { controller } = useChatContext()
  const { virtualizer, containerRef, rows } = useVirtualRows({
    count: itemIds.length,
    scrollElement,
    getItemKey: (index) => {
      const itemId = itemIds[index]
      return itemId === undefined ? index : rowKey(itemId)
    },
    estimatedSize: ESTIMATED_ITEM_HEIGHT,
    overscan: 4,
    stick,
    subscribeToUpdates: controller.store.subscribe,
    isStreaming: () => {
      const conversation =
        conversationId === undefined
          ? undefined
          : controller.store.getState().conversations[conversationId]
      const status = conversation?.run.status
      return status === "submitted" || status === "streaming"
    },
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
      ref={containerRef}
      className="aichatkit-message-list-content"
      style={{ height: virtualizer.getTotalSize(), position: "relative" }}
    >
      {rows.map((row) => (
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
            transform: rowTransform(row.start),
          }}
        >
          <ItemRenderer itemId={itemIds[row.index] ?? ""} conversationId={conversationId} />
          <TurnMarker itemId={itemIds[row.index] ?? ""} conversationId={conversationId} />
        </div>
      ))}
    </div>
  )
}
