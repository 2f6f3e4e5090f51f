/**
 * One list of the panel (the timeline or the wire): every entry the filters let through, of
 * which only the lines in view are rendered, one line each. A line's full text is shown when
 * it is selected. Everything is text; nothing from the wire is rendered as HTML.
 */
// A namespace import: Storybook's addon panel (.storybook/manager.tsx) compiles this file with
// the classic JSX transform, which needs `React` in scope.
import * as React from "react"
import type { LogEntry } from "./devtools-log.js"
import { entryText, entryType } from "./entry-text.js"
import { listHeightStyle, ROW_HEIGHT, scrollerStyle, useVisibleRows } from "./use-visible-rows.js"

/** The most characters a line shows: it is cut at the list's width anyway. */
const LINE_CHARACTERS = 400

/**
 * The lines' look, as one rule per class rather than inline styles: lines come and go every
 * frame while a reply streams, and React sets an inline style one property at a time. Only
 * the panel's own classes are touched. Each list brings it, so a list works on its own.
 */
const entryListCss = `
.aichatkit-devtools-line {
  box-sizing: border-box; display: block; width: 100%; height: ${ROW_HEIGHT}px; margin: 0;
  border: 0; padding: 0 0 0 4px; font: inherit; line-height: ${ROW_HEIGHT}px; color: inherit;
  text-align: left; white-space: pre; overflow: hidden; text-overflow: ellipsis;
  cursor: pointer; background: transparent;
}
.aichatkit-devtools-line[aria-pressed="true"] { background: #dde8ff; }
`

/** Inline as well, so a page whose CSP blocks the panel's `<style>` still gets lines in place. */
const lineStyle = { height: ROW_HEIGHT, overflow: "hidden" } as const

export interface EntryListProps {
  /** The list's name (its region's label and heading). */
  label: string
  /** The entries to list, in `sequence` order (as a `DevtoolsLog` holds them). */
  entries: readonly LogEntry[]
  /** The selected entry's `sequence`: its line is shown pressed. */
  selected: number | undefined
  /** Called with the entry whose line is clicked (or Enter is pressed on). */
  onSelect: (entry: LogEntry) => void
  className?: string | undefined
}

/**
 * A list of log entries, one line each, of which only the lines in view are rendered. It
 * follows the newest line while scrolled to the bottom; scrolled up, it stays on the lines in
 * view as entries come and the oldest go. It fills its container's height (give it one).
 */
export function EntryList({ label, entries, selected, onSelect, className }: EntryListProps) {
  const { scrollRef, start, end } = useVisibleRows(entries)
  const lines = []
  for (let index = start; index < end; index++) {
    const entry = entries[index] as LogEntry
    lines.push(
      <EntryLine
        key={entry.sequence}
        entry={entry}
        index={index}
        count={entries.length}
        selected={entry.sequence === selected}
        onSelect={onSelect}
      />,
    )
  }
  return (
    <section
      aria-label={label}
      className={className}
      style={{ flex: 1, minWidth: 0, display: "flex", flexDirection: "column" }}
    >
      <style>{entryListCss}</style>
      <h2 style={{ font: "inherit", fontWeight: 700, margin: 4 }}>
        {label} ({entries.length})
      </h2>
      <div
        ref={scrollRef}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
        tabIndex={0}
        // Contained: the lines swapped each frame are laid out without relaying out the page.
        style={{
          ...scrollerStyle,
          flex: 1,
          overflow: "auto",
          overflowAnchor: "none",
          borderTop: "1px solid #ccc",
          contain: "strict",
        }}
      >
        <ol
          // The whole list's height, and the lines in view placed after the space of those above.
          style={{
            ...listHeightStyle(entries.length),
            paddingTop: start * ROW_HEIGHT,
            margin: 0,
            paddingLeft: 0,
            listStyle: "none",
          }}
        >
          {lines}
        </ol>
      </div>
    </section>
  )
}
EntryList.displayName = "EntryList"

interface EntryLineProps {
  entry: LogEntry
  index: number
  count: number
  selected: boolean
  onSelect: (entry: LogEntry) => void
}

/** One line; it renders again only when it is selected or the list's length changes. */
const EntryLine = React.memo(function EntryLine({
  entry,
  index,
  count,
  selected,
  onSelect,
}: EntryLineProps) {
  const text = entryText(entry)
  return (
    <li aria-posinset={index + 1} aria-setsize={count} style={lineStyle}>
      <button
        type="button"
        aria-pressed={selected}
        onClick={() => onSelect(entry)}
        className="aichatkit-devtools-line"
      >
        <time>{(entry.at / 1000).toFixed(3)}s</time> <strong>{entryType(entry)}</strong>{" "}
        {text.length > LINE_CHARACTERS ? text.slice(0, LINE_CHARACTERS) : text}
      </button>
    </li>
  )
})
