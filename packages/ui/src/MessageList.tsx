import { useVirtualizer } from "@tanstack/react-virtual"
import {
  forwardRef,
  type ReactNode,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from "react"
import { cx } from "./class-names.js"
import { useChatContext } from "./context.js"
import { useConversationId, useItemIds } from "./hooks/store-hooks.js"
import { useFinishedAnnouncement } from "./hooks/use-finished-announcement.js"
import { useScrollAnchor } from "./hooks/use-scroll-anchor.js"
import { useStickToBottom } from "./hooks/use-stick-to-bottom.js"
import { ItemRenderer } from "./ItemRenderer.js"
import { ThinkingIndicator } from "./ThinkingIndicator.js"

/** Props of {@link MessageList}. */
export interface MessageListProps {
  /** The conversation to show (the active one by default). */
  conversationId?: string | undefined
  /** Virtualize the list when it holds more items than this. */
  virtualizeAbove?: number | undefined
  /** Shown instead of the list while the conversation has no items. */
  emptyState?: ReactNode
  /** Extra class on the list's root. */
  className?: string | undefined
}

/** Items estimated this tall (px) until measured, in virtualized mode. */
const ESTIMATED_ITEM_HEIGHT = 96

/**
 * The conversation as a `role="log"` region. It re-renders only when items are added or
 * removed (each item reads itself), sticks to the bottom while content streams in unless the
 * user scrolls up, offers "Jump to latest" then, virtualizes long threads, and announces each
 * finished assistant message once through a polite live region.
 */
export const MessageList = forwardRef<HTMLDivElement, MessageListProps>(function MessageList(
  { conversationId: givenId, virtualizeAbove = 150, emptyState, className },
  ref,
) {
  const { controller, labels } = useChatContext()
  const conversationId = useConversationId(givenId)
  const itemIds = useItemIds(conversationId)
  const announcement = useFinishedAnnouncement(controller.store, conversationId)
  const scrollRef = useRef<HTMLDivElement>(null)
  // The virtualizer needs the element itself: the ref of a parent is not yet set when a
  // child's layout effects run, so it arrives through state and a re-render.
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null)
  const attachViewport = useCallback((element: HTMLDivElement | null) => {
    scrollRef.current = element
    setScrollElement(element)
  }, [])
  const contentRef = useRef<HTMLDivElement>(null)
  useImperativeHandle(ref, () => scrollRef.current!, [])
  const stick = useStickToBottom(scrollRef, contentRef)
  const virtual = itemIds.length > virtualizeAbove
  // Another conversation opens at its newest message. (The live region stays mounted: a
  // region inserted together with its text is not reliably announced.)
  const { scrollToBottom } = stick
  useLayoutEffect(() => {
    if (conversationId !== undefined) scrollToBottom()
  }, [conversationId, scrollToBottom])

  return (
    <div className={cx("aichatkit-message-list", className)}>
      <div
        ref={attachViewport}
        className="aichatkit-message-list-viewport"
        role="log"
        aria-live="off"
        aria-label={labels.messageLog}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard.
        tabIndex={0}
        data-virtualized={virtual || undefined}
      >
        {itemIds.length === 0 && emptyState}
        {virtual ? (
          <VirtualItems
            key={conversationId}
            scrollElement={scrollElement}
            itemIds={itemIds}
            conversationId={conversationId}
            scrollRef={scrollRef}
            contentRef={contentRef}
            stick={stick}
          />
        ) : (
          <PlainItems
            key={conversationId}
            itemIds={itemIds}
            conversationId={conversationId}
            scrollRef={scrollRef}
            contentRef={contentRef}
            stick={stick}
          />
        )}
        <ThinkingIndicator conversationId={conversationId} />
      </div>
      {!stick.atBottom && (
        <button type="button" className="aichatkit-jump-to-latest" onClick={stick.scrollToBottom}>
          {labels.jumpToLatest}
        </button>
      )}
      <div
        className="aichatkit-visually-hidden aichatkit-announcer"
        aria-live="polite"
        aria-atomic="true"
      >
        {announcement && `${labels.announceAssistant} ${announcement}`}
      </div>
    </div>
  )
})
MessageList.displayName = "MessageList"

interface ItemsProps {
  itemIds: readonly string[]
  conversationId: string | undefined
  scrollRef: React.RefObject<HTMLDivElement | null>
  contentRef: React.RefObject<HTMLDivElement | null>
  stick: ReturnType<typeof useStickToBottom>
}

function PlainItems({ itemIds, conversationId, scrollRef, contentRef, stick }: ItemsProps) {
  const recordAnchor = useScrollAnchor(scrollRef, itemIds, { isPinned: stick.isPinned })
  useScrollListener(scrollRef, stick.onScroll, recordAnchor)
  return (
    <div ref={contentRef} className="aichatkit-message-list-content">
      {itemIds.map((id) => (
        <ItemRenderer key={id} itemId={id} conversationId={conversationId} />
      ))}
    </div>
  )
}

function VirtualItems({
  itemIds,
  conversationId,
  scrollRef,
  contentRef,
  stick,
  scrollElement,
}: ItemsProps & { scrollElement: HTMLDivElement | null }) {
  const virtualizer = useVirtualizer({
    count: itemIds.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => ESTIMATED_ITEM_HEIGHT,
    getItemKey: (index) => itemIds[index] ?? index,
    overscan: 4,
    initialOffset: () => itemIds.length * ESTIMATED_ITEM_HEIGHT,
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
      ref={contentRef}
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

/** Listens to the viewport's scroll events (passive) for as long as the items are shown. */
function useScrollListener(
  scrollRef: React.RefObject<HTMLDivElement | null>,
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
