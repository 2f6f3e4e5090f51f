/**
 * Which lines of a devtools list to render: only those in view (plus a few either side), as
 * every line has the same height. The list follows its newest line while the view is at the
 * bottom, as the panel opens; scrolled up, it stays on the line at the top of the view while
 * lines are added below it and, once the log is full, dropped above it.
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
import type { LogEntry } from "./devtools-log.js"
import { indexOfSequence } from "./shown-entries.js"

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

/** A line of a list: lists are in `sequence` order, which says where a line went when some go. */
type SequencedRow = Pick<LogEntry, "sequence">

interface View {
  /** Following the newest line. */
  pinned: boolean
  /** The `sequence` of the line at the top of the view, when not pinned: the view stays on it. */
  anchor: number
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

/** The scroll position (from the bottom, 0 or below) that puts `fromTop` px above the view. */
const scrollTopFor = (fromTop: number, count: number, height: number) =>
  Math.min(0, fromTop + height - contentHeight(count, height))

/**
 * Where the view on `anchor` (`offset` px of it above the view) now is, in px above the view.
 * When the anchor is gone (dropped as the log filled, or filtered out), the line after it is
 * at the top of the view: the oldest line kept, when the anchor was dropped.
 */
function fromTopOf(rows: readonly SequencedRow[], anchor: number, offset: number): number {
  const row = indexOfSequence(rows, anchor)
  return row * ROW_HEIGHT + (rows[row]?.sequence === anchor ? offset : 0)
}

/** The lines of `rows` (in `sequence` order) to render. */
export function useVisibleRows(rows: readonly SequencedRow[]): VisibleRows {
  const count = rows.length
  const [view, setView] = useState<View>({ pinned: true, anchor: 0, rowsInView: 0 })
  const [scroller, setScroller] = useState<HTMLElement | null>(null)
  // The scroller's height and position as last seen (`offset`: px of the anchor line above the
  // view), kept here so that nothing reads them back from the DOM each frame (a read after a
  // change forces a layout).
  const latest = useRef({ view, rows, height: 0, scrollTop: 0, offset: 0 })
  latest.current.view = view
  latest.current.rows = rows

  // Renders only when which lines to show changed.
  const update = useCallback((scrollTop: number, sync: boolean) => {
    const state = latest.current
    const { view: current, rows: lines, height } = state
    state.scrollTop = scrollTop
    const fromTop = Math.max(0, contentHeight(lines.length, height) - height + scrollTop)
    const rowsInView = height > 0 ? Math.ceil(height / ROW_HEIGHT) : ROWS_WITHOUT_LAYOUT
    const pinned = -scrollTop < ROW_HEIGHT / 2
    const firstRow = Math.min(Math.floor(fromTop / ROW_HEIGHT), Math.max(0, lines.length - 1))
    state.offset = fromTop - firstRow * ROW_HEIGHT
    const anchor = pinned ? 0 : (lines[firstRow]?.sequence ?? 0)
    if (
      current.pinned === pinned &&
      current.anchor === anchor &&
      current.rowsInView === rowsInView
    ) {
      return
    }
    const next = { pinned, anchor, rowsInView }
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
      const fromTop = fromTopOf(state.rows, state.view.anchor, state.offset)
      const scrollTop = scrollTopFor(fromTop, state.rows.length, height)
      scroller.scrollTop = scrollTop
      update(scrollTop, false)
    }
    return watchScroller(scroller, resize, update)
  }, [scroller, update])

  // Scrolled up, the view stays on its line as lines come and go: lines added below would move
  // it (its position counts from the bottom), and so would the oldest lines dropped above it
  // once the log is full. Its position is set again from where that line now is.
  useLayoutEffect(() => {
    if (!scroller || view.pinned) return
    const state = latest.current
    const fromTop = fromTopOf(rows, view.anchor, state.offset)
    const scrollTop = scrollTopFor(fromTop, rows.length, state.height)
    if (scrollTop === state.scrollTop) return
    state.scrollTop = scrollTop
    scroller.scrollTop = scrollTop
  }, [scroller, view.pinned, view.anchor, rows])

  const rowsInView = view.rowsInView || ROWS_WITHOUT_LAYOUT
  const first = view.pinned ? count - rowsInView : indexOfSequence(rows, view.anchor)
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
