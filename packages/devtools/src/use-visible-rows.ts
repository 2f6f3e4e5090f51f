/**
 * Which lines of a devtools list to render: only those in view (plus a few either side), as
 * every line has the same height. The list follows its newest line while the view is at the
 * bottom, as the panel opens; scrolled up, it stays where the user put it.
 *
 * The scroller is a `column-reverse` flex box, whose scroll position counts from the bottom
 * (0 there, negative above): the browser keeps it at the bottom as lines are added, with no
 * scroll written per frame (each write forced a layout and a repaint of the list, and made a
 * scroll event to handle, every frame the panel followed a stream).
 *
 * Not `@tanstack/react-virtual` (which `@aichatkit/ui` uses for items of any height): it learns
 * the view from scroll events, so following the bottom would render the list a second time
 * after each follow's scroll; lines of one height need only this arithmetic, and no scroll.
 */
import { useCallback, useLayoutEffect, useRef, useState } from "react"
import { flushSync } from "react-dom"

/** The height (px) of every line. */
export const ROW_HEIGHT = 18
/** Lines rendered beyond each edge of the view, so a scroll never shows blank. */
export const OVERSCAN_ROWS = 10
/** How many lines are taken to be in view while the list has no height (a DOM without layout). */
const ROWS_WITHOUT_LAYOUT = 40

/** The scroller's style: see above. */
export const scrollerStyle = { display: "flex", flexDirection: "column-reverse" } as const
/** The list's style inside it: as tall as the lines, at least the view (lines start at the top). */
export const listHeightStyle = (count: number) =>
  ({
    flex: "none",
    boxSizing: "border-box",
    height: count * ROW_HEIGHT,
    minHeight: "100%",
  }) as const

interface View {
  /** Following the newest line. */
  pinned: boolean
  /** The first line in view, when not pinned. */
  firstRow: number
  rowsInView: number
}

export interface VisibleRows {
  /** Ref for the scrolling element (it holds only the list). */
  scrollRef: (element: HTMLElement | null) => void
  /** The first line to render and the one after the last. */
  start: number
  end: number
}

/** The scrollable height: the lines', or the view's when they do not fill it. */
const contentHeight = (count: number, height: number) => Math.max(count * ROW_HEIGHT, height)

export function useVisibleRows(count: number): VisibleRows {
  const [view, setView] = useState<View>({ pinned: true, firstRow: 0, rowsInView: 0 })
  const [scroller, setScroller] = useState<HTMLElement | null>(null)
  // The scroller's height and position as last seen (`fromTop`: px above the view), kept here
  // so that nothing reads them back from the DOM each frame (a read after a change forces a layout).
  const latest = useRef({ view, count, height: 0, scrollTop: 0, fromTop: 0 })
  latest.current.view = view
  latest.current.count = count

  // Renders only when which lines to show changed.
  const update = useCallback((scrollTop: number, sync: boolean) => {
    const state = latest.current
    const { view: current, count: total, height } = state
    state.scrollTop = scrollTop
    state.fromTop = Math.max(0, contentHeight(total, height) - height + scrollTop)
    const rowsInView = height > 0 ? Math.ceil(height / ROW_HEIGHT) : ROWS_WITHOUT_LAYOUT
    const pinned = -scrollTop < ROW_HEIGHT / 2
    const firstRow = pinned ? 0 : Math.floor(state.fromTop / ROW_HEIGHT)
    if (
      current.pinned === pinned &&
      current.firstRow === firstRow &&
      current.rowsInView === rowsInView
    ) {
      return
    }
    const next = { pinned, firstRow, rowsInView }
    // A scroll by the user renders its lines before paint, so they never show blank.
    if (sync) flushSync(() => setView(next))
    else setView(next)
  }, [])

  useLayoutEffect(() => {
    if (!scroller) return
    // A view that changes height while scrolled up keeps its top line (its position counts
    // from the bottom, so it would otherwise move by the change).
    const resize = (height: number) => {
      const state = latest.current
      state.height = height
      if (state.view.pinned) return update(scroller.scrollTop, false)
      const scrollTop = Math.min(0, state.fromTop + height - contentHeight(state.count, height))
      scroller.scrollTop = scrollTop
      update(scrollTop, false)
    }
    return watchScroller(scroller, resize, update)
  }, [scroller, update])

  // Scrolled up, lines added below would move the view (its position counts from the bottom):
  // it is put back where it was, counted from the top.
  useLayoutEffect(() => {
    if (!scroller || view.pinned) return
    const { height, fromTop } = latest.current
    const scrollTop = Math.min(0, fromTop + height - contentHeight(count, height))
    if (scrollTop === latest.current.scrollTop) return
    latest.current.scrollTop = scrollTop
    scroller.scrollTop = scrollTop
  }, [scroller, view.pinned, count])

  const rowsInView = view.rowsInView || ROWS_WITHOUT_LAYOUT
  const first = view.pinned ? count - rowsInView : view.firstRow
  const start = Math.max(0, Math.min(first, count - rowsInView) - OVERSCAN_ROWS)
  const end = Math.min(count, first + rowsInView + OVERSCAN_ROWS)
  return { scrollRef: setScroller, start, end }
}

/**
 * Reports the scroller's height (read once, then from the resize observer) and its scroll
 * position (on each scroll, `sync`: rendered before paint); returns the function that stops.
 */
function watchScroller(
  scroller: HTMLElement,
  resize: (height: number) => void,
  update: (scrollTop: number, sync: boolean) => void,
): () => void {
  resize(scroller.clientHeight)
  const onScroll = () => update(scroller.scrollTop, true)
  scroller.addEventListener("scroll", onScroll, { passive: true })
  const resizes =
    typeof ResizeObserver === "function"
      ? new ResizeObserver(([resized]) =>
          resize(resized?.contentRect.height ?? scroller.clientHeight),
        )
      : undefined
  resizes?.observe(scroller)
  return () => {
    scroller.removeEventListener("scroll", onScroll)
    resizes?.disconnect()
  }
}
