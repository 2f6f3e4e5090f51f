/**
 * A React binding of TanStack Virtual's core for a chat log that follows a stream: at most one
 * React commit per animation frame while an answer streams, with the store's own commit.
 */
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type VirtualItem,
  Virtualizer,
} from "@tanstack/react-virtual"
import {
  useCallback,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
} from "react"
import { flushSync } from "react-dom"
import type { StickToBottom } from "./use-stick-to-bottom.js"

/** What {@link useVirtualRows} needs to lay out a log. */
export interface VirtualRowsOptions {
  /** How many items the log holds. */
  count: number
  /** The scrolling viewport. */
  scrollElement: HTMLElement | null
  /** A stable key per index (the item id). */
  getItemKey: (index: number) => string | number
  /** How tall (px) an item is taken to be until measured. */
  estimatedSize: number
  /** Rows rendered beyond each edge of the view. */
  overscan: number
  /** The stick-to-bottom state of the log. */
  stick: Pick<StickToBottom, "follow" | "isOwnScroll" | "isPinned">
  /**
   * Subscribes to the chat store's updates: a row swap waiting for the next frame is rendered
   * with the store's update of that frame, as one commit.
   */
  subscribeToUpdates?: ((listener: () => void) => () => void) | undefined
  /** Whether an answer is on its way: the store's next update is coming, and can carry a swap. */
  isStreaming?: (() => boolean) | undefined
}

/** The virtualizer, plus the spacer's ref. */
export interface VirtualRows {
  virtualizer: Virtualizer<HTMLElement, HTMLElement>
  /** Ref for the spacer that holds the rows (its height is the whole log's). */
  containerRef: (element: HTMLElement | null) => void
  /** The rows to render, each with its start (px) within the spacer. */
  rows: VirtualItem[]
}

/**
 * How long a row swap waits for the store's next update before it renders alone: longer than
 * the store ever holds streamed text back (its pacing limit, 100 ms, and the frame after it), so
 * a swap never makes a second commit in a frame while an answer streams.
 */
const SWAP_ALONE_AFTER_MS = 150

/** On the server there is nothing to swap. */
const serverSwaps = () => 0

const translate = (start: number) => `translateY(${start}px)`
const neverAdjust = () => false

/**
 * Virtualized rows that re-render only when the set of rows must change, and then in the
 * right frame:
 * - a row that grows (a streamed token) moves the rows below it and the spacer's height by
 *   writing them to the DOM, and the view follows the bottom before paint: no render;
 * - rows that leave the view while it follows the stream are swapped with the store's next
 *   update, in its commit; when none comes within the store's pacing limit, alone;
 * - scrolls made to follow the stream are not reported as the user scrolling;
 * - scrolls by the user swap rows synchronously, so rows never show blank.
 * Built on `@tanstack/virtual-core` (through `@tanstack/react-virtual`), whose own React
 * binding renders once more per resize of a row, later than the frame that caused it.
 */
export function useVirtualRows({
  count,
  scrollElement,
  getItemKey,
  estimatedSize,
  overscan,
  stick,
  subscribeToUpdates,
  isStreaming,
}: VirtualRowsOptions): VirtualRows {
  // Over 60 lines: one virtualizer's refs, its change handler and the effects that share them; split, they would pass each other half their state.
  const [, rerender] = useReducer((version: number) => version + 1, 0)
  const swapPending = useRef(false)
  /** Swaps carried by the chat store's updates so far (what the swap subscription reads). */
  const swapsCarried = useRef(0)
  const container = useRef<HTMLElement | null>(null)
  const renderedIndexes = useRef<number[] | undefined>(undefined)
  const swapTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const swapWaitingSince = useRef(0)
  // React forbids a synchronous render while it commits (row refs, layout effects).
  const committing = useRef(false)
  const latest = useRef({ stick, isStreaming })
  latest.current = { stick, isStreaming }
  const initialRect = useRef<{ width: number; height: number } | undefined>(undefined)
  if (scrollElement && !initialRect.current) {
    initialRect.current = { width: scrollElement.clientWidth, height: scrollElement.clientHeight }
  }

  // The spacer's and the view's heights the view last followed to the bottom.
  const followedSizes = useRef("")
  const followIfMoved = (instance: Virtualizer<HTMLElement, HTMLElement>) => {
    const sizes = `${instance.getTotalSize()} ${instance.scrollRect?.height}`
    if (followedSizes.current === sizes) return
    followedSizes.current = sizes
    latest.current.stick.follow()
  }

  // A swap nothing carried in its time renders alone. The timer may have been set for an
  // earlier swap that a store update carried since: then it waits out this one's own time.
  const renderSwapAlone = () => {
    swapTimer.current = undefined
    if (!swapPending.current) return
    const waited = performance.now() - swapWaitingSince.current
    if (waited < SWAP_ALONE_AFTER_MS) {
      swapTimer.current = setTimeout(renderSwapAlone, SWAP_ALONE_AFTER_MS - waited)
      return
    }
    swapPending.current = false
    rerender()
  }

  // Whether a swap can wait for the store's next update: while an answer streams (the update
  // is on its way), or when rows only left the view (where they do no harm meanwhile). Rows
  // coming into view when nothing streams render at once.
  const carried = (instance: Virtualizer<HTMLElement, HTMLElement>) =>
    latest.current.isStreaming?.() === true || onlyLeaving(instance, renderedIndexes.current)

  const onChange = (instance: Virtualizer<HTMLElement, HTMLElement>, sync: boolean) => {
    writeLayout(instance, container.current, renderedIndexes.current)
    followIfMoved(instance)
    if (instance.getVirtualIndexes() === renderedIndexes.current) return
    if (sync && !committing.current) {
      flushSync(rerender)
    } else if (latest.current.stick.isPinned() && carried(instance)) {
      if (!swapPending.current) swapWaitingSince.current = performance.now()
      swapPending.current = true
      // The store's next update carries the swap: while an answer streams, one comes within
      // the store's pacing limit (a frame, or a few when updates are costly), and a render of
      // the swap's own would be a second commit in one of those frames. When none has come by
      // then, the swap renders alone, in a frame of its own.
      swapTimer.current ??= setTimeout(renderSwapAlone, SWAP_ALONE_AFTER_MS)
    } else {
      rerender()
    }
  }

  const options = {
    count,
    getScrollElement: () => scrollElement,
    estimateSize: () => estimatedSize,
    getItemKey,
    overscan,
    initialOffset: () => count * estimatedSize,
    // The viewport's size when it first arrives, so the first render already has its rows (no
    // extra frame). Read once: every later render has the observed size, and reading it again
    // would force a layout in the middle of each render (each row swap while streaming).
    ...(initialRect.current ? { initialRect: initialRect.current } : {}),
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset: (
      instance: Virtualizer<HTMLElement, HTMLElement>,
      notify: (offset: number, isScrolling: boolean) => void,
    ) =>
      observeElementOffset(instance, (offset, isScrolling) =>
        notify(offset, isScrolling && !latest.current.stick.isOwnScroll()),
      ),
    onChange,
  }
  const [virtualizer] = useState(() => {
    const instance = new Virtualizer<HTMLElement, HTMLElement>(options)
    const measure = instance.measureElement
    instance.measureElement = (node) => {
      committing.current = true
      try {
        measure(node)
      } finally {
        committing.current = false
      }
    }
    // While pinned, the bottom is where the view belongs: a row above that gets measured must
    // not move the scroll position itself (that scroll would look like the user's). Unpinned,
    // TanStack's own rule applies (undefined): it keeps the rows in view where they are.
    Object.defineProperty(instance, "shouldAdjustScrollPositionOnItemSizeChange", {
      get: () => (latest.current.stick.isPinned() ? neverAdjust : undefined),
      set: () => {},
    })
    return instance
  })
  virtualizer.setOptions(options)

  useLayoutEffect(() => {
    const unmount = virtualizer._didMount()
    return () => {
      unmount()
      clearTimeout(swapTimer.current)
      swapTimer.current = undefined
    }
  }, [virtualizer])
  // The swap renders in the store's own commit: it is read as an external store of its own,
  // changed inside the chat store's notification, so React renders it in the same synchronous
  // pass as the items that read the chat store (a reducer update would take a lane of its own,
  // and a second commit, later in the same frame).
  const subscribeToSwaps = useCallback(
    (onSwap: () => void) =>
      subscribeToUpdates?.(() => {
        if (!swapPending.current) return
        swapPending.current = false
        swapsCarried.current += 1
        onSwap()
      }) ?? (() => {}),
    [subscribeToUpdates],
  )
  useSyncExternalStore(subscribeToSwaps, () => swapsCarried.current, serverSwaps)
  useLayoutEffect(() => {
    committing.current = true
    try {
      virtualizer._willUpdate()
    } finally {
      committing.current = false
    }
  })
  // Rows added or removed change the spacer's height in a commit, and a resized viewport moves
  // the bottom: follow them. A commit that changes neither (a row's text, rows swapped) has
  // nothing to follow: the row's growth is followed when it is measured, and following here
  // would force a layout in the middle of every commit.
  useLayoutEffect(() => followIfMoved(virtualizer))

  const rows = virtualizer.getVirtualItems()
  renderedIndexes.current = virtualizer.getVirtualIndexes()
  // This render lays out the current rows: a swap still waiting has nothing left to do.
  swapPending.current = false
  const containerRef = useCallback((element: HTMLElement | null) => {
    container.current = element
  }, [])
  return { virtualizer, containerRef, rows }
}

/** Whether the rows now in range are all rendered already (some only left the range). */
function onlyLeaving(
  instance: Virtualizer<HTMLElement, HTMLElement>,
  renderedIndexes: readonly number[] | undefined,
): boolean {
  if (!renderedIndexes) return false
  const rendered = new Set(renderedIndexes)
  return instance.getVirtualIndexes().every((index) => rendered.has(index))
}

/** Writes the spacer's height and the rendered rows' positions straight to the DOM. */
function writeLayout(
  instance: Virtualizer<HTMLElement, HTMLElement>,
  spacer: HTMLElement | null,
  renderedIndexes: readonly number[] | undefined,
): void {
  if (!spacer || !renderedIndexes) return
  const height = `${instance.getTotalSize()}px`
  if (spacer.style.height !== height) spacer.style.height = height
  // The total size is computed from fresh measurements, so the cache is current now.
  const measurements = instance.measurementsCache
  for (const index of renderedIndexes) {
    const row = measurements[index]
    const element = row && instance.elementsCache.get(row.key)
    if (!row || !element) continue
    const transform = translate(row.start)
    if (element.style.transform !== transform) element.style.transform = transform
  }
}

/** The CSS transform that places a row (for the row's own style). */
export const rowTransform = translate
