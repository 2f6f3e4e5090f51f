/** The two ways {@link MessageList} lays out its items: all of them, or only those in view. */
import {
  Fragment,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react"
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
  /** The React key of an item's row (see `useRowKeys`). */
  rowKey: (itemId: string) => string
}

/** Every item in the DOM, for threads short enough not to need virtualizing. */
export function PlainItems({ itemIds, conversationId, scrollRef, stick, rowKey }: ItemsProps) {
  const recordAnchor = useScrollAnchor(scrollRef, itemIds, { isPinned: stick.isPinned })
  useScrollListener(scrollRef, stick.onScroll, recordAnchor)
  return (
    <div ref={stick.contentRef} className="aichatkit-message-list-content">
      {itemIds.map((id) => (
        <Fragment key={rowKey(id)}>
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

/** Items first shown of a long thread while its virtualized layout is on its way. */
const FIRST_WINDOW = 6
/** The most shown that way, however short they are. */
const LARGEST_WINDOW = 60

/**
 * While `active` (a long thread whose virtualized layout is still being fetched), the newest
 * items: as many as fill the viewport, so the thread opens at its bottom on the first frame
 * instead of after a network round trip. A few are rendered first; when they fall short of
 * the viewport, more are rendered before paint (a layout effect), sized on the first ones.
 * Otherwise `itemIds` as they are.
 */
export function useNewestItems(
  itemIds: readonly string[],
  active: boolean,
  scrollRef: RefObject<HTMLDivElement | null>,
): readonly string[] {
  const [count, setCount] = useState(FIRST_WINDOW)
  const shown = useMemo(() => (active ? itemIds.slice(-count) : itemIds), [active, itemIds, count])
  useLayoutEffect(() => {
    const viewport = scrollRef.current
    const most = Math.min(LARGEST_WINDOW, itemIds.length)
    // No layout (a test DOM) has nothing to fill.
    if (!active || !viewport || count >= most || viewport.clientHeight === 0) return
    const height = viewport.scrollHeight
    if (height > viewport.clientHeight) return
    const fitting = Math.ceil(viewport.clientHeight / Math.max(1, height / count)) + 2
    setCount(Math.min(most, Math.max(count * 2, fitting)))
  }, [active, count, itemIds.length, scrollRef])
  return shown
}
