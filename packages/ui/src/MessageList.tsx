import {
  forwardRef,
  type ReactNode,
  type RefObject,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from "react"
import { cx } from "./class-names.js"
import { useChatContext } from "./context.js"
import { useChatSelector, useConversationId, useItemIds } from "./hooks/store-hooks.js"
import { useAnnouncements } from "./hooks/use-announcements.js"
import { useFocusRescue } from "./hooks/use-focus-rescue.js"
import { useRowKeys } from "./hooks/use-row-keys.js"
import { useStickToBottom } from "./hooks/use-stick-to-bottom.js"
import { PlainItems, useNewestItems } from "./MessageListItems.js"
import { ThinkingIndicator } from "./ThinkingIndicator.js"
import { whenIdle } from "./when-idle.js"

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

type VirtualItemsModule = typeof import("./VirtualItems.js")

/** The virtualized layout once fetched (shared by every list on the page, like any module). */
let virtualItemsModule: VirtualItemsModule | undefined
const loadVirtualItems = (): Promise<VirtualItemsModule> =>
  import("./VirtualItems.js").then((module) => {
    virtualItemsModule = module
    return module
  })

/**
 * The virtualized layout, fetched when a long thread first needs it and prefetched once the
 * page is idle. Loaded through state rather than `React.lazy`: React holds back the reveal of
 * a suspended boundary for a few hundred ms, which a long thread opening should not wait.
 * When it arrives for a thread already showing its newest items, it takes over once the page
 * is idle, or at once when the view scrolls: not in the frames that paint the thread.
 */
function useVirtualItemsModule(
  needed: boolean,
  scrollRef: RefObject<HTMLDivElement | null>,
): VirtualItemsModule | undefined {
  const [module, setModule] = useState(virtualItemsModule)
  useEffect(() => {
    if (module) return
    let cancelled = false
    let cancelTakeOver = () => {}
    const take = (loaded: VirtualItemsModule) => {
      if (!cancelled) setModule(loaded)
    }
    const load = () =>
      loadVirtualItems().then(
        (loaded) => {
          const viewport = scrollRef.current
          if (!needed || !viewport || cancelled) return take(loaded)
          const takeNow = () => {
            cancelTakeOver()
            take(loaded)
          }
          const cancelIdle = whenIdle(takeNow, 1_000)
          viewport.addEventListener("scroll", takeNow, { passive: true })
          cancelTakeOver = () => {
            cancelIdle()
            viewport.removeEventListener("scroll", takeNow)
          }
        },
        () => {},
      )
    if (needed) {
      load()
    } else {
      cancelTakeOver = whenIdle(load, 2_000)
    }
    return () => {
      cancelled = true
      cancelTakeOver()
    }
  }, [needed, module, scrollRef])
  return module
}

/**
 * The list's polite live region. A component of its own, so a sentence read into it renders the
 * region alone, not the list around it (whose render, with the virtualizer's, made the reading
 * of a long answer cost about twice as much).
 */
function Announcer({ conversationId }: { conversationId: string | undefined }) {
  const { controller, labels } = useChatContext()
  const announcements = useAnnouncements(controller.store, conversationId, labels)
  // Each sentence is a node of its own: an addition is announced even when its text repeats
  // the one before.
  return (
    <div
      className="aichatkit-visually-hidden aichatkit-announcer"
      aria-live="polite"
      aria-relevant="additions"
    >
      {announcements.map((announcement) => (
        <p key={announcement.id}>{announcement.text}</p>
      ))}
    </div>
  )
}

/**
 * The conversation as a `role="log"` region. It re-renders only when items are added or
 * removed (each item reads itself), sticks to the bottom while content streams in unless the
 * user scrolls up, offers "Jump to latest" then, virtualizes long threads, is `aria-busy`
 * while an answer is being written, and announces each finished answer, tool status change,
 * card and stop once through one polite live region present from mount.
 */
export const MessageList = forwardRef<HTMLDivElement, MessageListProps>(function MessageList(
  { conversationId: givenId, virtualizeAbove = 150, emptyState, className },
  ref,
) {
  // Over 60 lines: the list's hooks (items, sticking, virtualizer) feed one markup tree; the behaviour is in those hooks.
  const { labels } = useChatContext()
  const conversationId = useConversationId(givenId)
  const itemIds = useItemIds(conversationId)
  const running = useChatSelector((state) => {
    const status =
      conversationId === undefined ? undefined : state.conversations[conversationId]?.run.status
    return status === "submitted" || status === "streaming"
  })
  const scrollRef = useRef<HTMLDivElement>(null)
  // The virtualizer needs the element itself: the ref of a parent is not yet set when a
  // child's layout effects run, so it arrives through state and a re-render.
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null)
  const attachViewport = useCallback((element: HTMLDivElement | null) => {
    scrollRef.current = element
    setScrollElement(element)
  }, [])
  useImperativeHandle(ref, () => scrollRef.current!, [])
  // "Jump to latest" removes itself once the list is at the bottom: focus goes to the list.
  const jumpButtonRef = useFocusRescue<HTMLButtonElement>(() => scrollRef.current)
  const stick = useStickToBottom(scrollRef)
  const virtual = itemIds.length > virtualizeAbove
  const virtualItems = useVirtualItemsModule(virtual, scrollRef)
  // Until the virtualized layout arrives, a long thread shows its newest items plainly.
  const shownIds = useNewestItems(itemIds, virtual && !virtualItems, scrollRef)
  const rowKey = useRowKeys(itemIds, conversationId)
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
        aria-busy={running || undefined}
        data-virtualized={virtual || undefined}
      >
        {itemIds.length === 0 && emptyState}
        {virtual && virtualItems ? (
          <virtualItems.VirtualItems
            key={conversationId}
            scrollElement={scrollElement}
            itemIds={itemIds}
            conversationId={conversationId}
            scrollRef={scrollRef}
            stick={stick}
            rowKey={rowKey}
          />
        ) : (
          <PlainItems
            key={conversationId}
            itemIds={shownIds}
            conversationId={conversationId}
            scrollRef={scrollRef}
            stick={stick}
            rowKey={rowKey}
          />
        )}
        <ThinkingIndicator conversationId={conversationId} />
      </div>
      {!stick.atBottom && (
        <button
          ref={jumpButtonRef}
          type="button"
          className="aichatkit-jump-to-latest"
          onClick={stick.scrollToBottom}
        >
          {labels.jumpToLatest}
        </button>
      )}
      <Announcer conversationId={conversationId} />
    </div>
  )
})
MessageList.displayName = "MessageList"
