import { type RefObject, useCallback, useEffect, useRef, useState } from "react"

/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM_SLACK = 48

/** What {@link useStickToBottom} gives a scrolling list. */
export interface StickToBottom {
  /** Whether the view is at (or pinned to) the bottom; false once the user scrolls up. */
  atBottom: boolean
  /** Scrolls to the newest content and sticks there again. */
  scrollToBottom: () => void
  /** Call from the list's `onScroll`. */
  onScroll: () => void
  /** Whether the view is pinned right now (a ref, for layout effects). */
  isPinned: () => boolean
  /** Ref for the element whose growth keeps the view pinned to the bottom. */
  contentRef: (content: HTMLElement | null) => void
  /** Follows content that grew without `contentRef` seeing it: back to the bottom if pinned. */
  follow: () => void
  /** Whether the view sits where this hook last put or saw it (a scroll event it caused). */
  isOwnScroll: () => boolean
}

/**
 * Keeps a scroll container at the bottom while its content grows (streamed tokens grow the
 * last item without re-rendering the list, so growth is watched with a ResizeObserver),
 * until the user scrolls up; then it stays put until `scrollToBottom` or until the user
 * scrolls back down to the bottom.
 */
export function useStickToBottom(scrollRef: RefObject<HTMLElement | null>): StickToBottom {
  // Over 60 lines: the scroll handler, the ResizeObserver and scrollToBottom share the pinned state and are set up and torn down together.
  const pinned = useRef(true)
  const lastTop = useRef(0)
  const [atBottom, setAtBottomState] = useState(true)
  // Scroll events come every frame while following a stream: only a change may render.
  const shownAtBottom = useRef(true)
  const setAtBottom = useCallback((value: boolean) => {
    if (shownAtBottom.current === value) return
    shownAtBottom.current = value
    setAtBottomState(value)
  }, [])

  const toBottom = useCallback(() => {
    const element = scrollRef.current
    if (!element) return
    element.scrollTop = element.scrollHeight
    lastTop.current = element.scrollTop
  }, [scrollRef])

  const pin = useCallback(() => {
    const element = scrollRef.current
    if (!element || !pinned.current) return
    // The user moved up and `onScroll` has not heard of it yet (another scroll listener
    // runs first): that scroll decides whether the view stays pinned, not this call.
    if (element.scrollTop < lastTop.current - 1) return
    toBottom()
  }, [scrollRef, toBottom])

  const onScroll = useCallback(() => {
    const element = scrollRef.current
    if (!element) return
    const top = element.scrollTop
    const distance = element.scrollHeight - top - element.clientHeight
    if (distance <= BOTTOM_SLACK) pinned.current = true
    // Only moving up lets go: content that grew between our scroll and this event leaves
    // the view short of the bottom without the user doing anything.
    else if (top < lastTop.current - 1) pinned.current = false
    else if (pinned.current) element.scrollTop = element.scrollHeight
    lastTop.current = element.scrollTop
    setAtBottom(pinned.current)
  }, [scrollRef, setAtBottom])

  const scrollToBottom = useCallback(() => {
    pinned.current = true
    setAtBottom(true)
    toBottom()
  }, [toBottom, setAtBottom])

  // A callback ref: the content element changes when the list switches between its plain
  // and virtualized layouts, and the observer has to follow it.
  const observer = useRef<ResizeObserver | undefined>(undefined)
  const contentRef = useCallback(
    (content: HTMLElement | null) => {
      observer.current?.disconnect()
      observer.current = undefined
      if (!content || typeof ResizeObserver === "undefined") return
      observer.current = new ResizeObserver(pin)
      observer.current.observe(content)
      pin()
    },
    [pin],
  )
  useEffect(() => () => observer.current?.disconnect(), [])

  useEffect(pin, [pin])

  const isPinned = useCallback(() => pinned.current, [])
  const isOwnScroll = useCallback(
    () => scrollRef.current !== null && scrollRef.current.scrollTop === lastTop.current,
    [scrollRef],
  )
  return { atBottom, scrollToBottom, onScroll, isPinned, contentRef, follow: pin, isOwnScroll }
}
