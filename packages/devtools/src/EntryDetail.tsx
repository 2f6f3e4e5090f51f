/** The whole of the selected line: its type, time and full JSON, as text. */
// A namespace import: Storybook's addon panel compiles this file with the classic JSX
// transform (see EntryList.tsx).
import * as React from "react"
import type { LogEntry } from "./devtools-log.js"
import { entryDetail, entryType } from "./entry-text.js"

export interface EntryDetailProps {
  entry: LogEntry
  onClose: () => void
}

export function EntryDetail({ entry, onClose }: EntryDetailProps) {
  // Indented JSON is made for this one entry, when it is selected, never for the lists.
  const text = React.useMemo(() => entryDetail(entry), [entry])
  return (
    <section
      aria-label="Selected line"
      style={{
        maxHeight: "40%",
        display: "flex",
        flexDirection: "column",
        borderTop: "1px solid #888",
      }}
    >
      <div style={{ display: "flex", gap: 8, alignItems: "center", padding: 4 }}>
        <h2 style={{ font: "inherit", fontWeight: 700, margin: 0 }}>
          {entryType(entry)} at {(entry.at / 1000).toFixed(3)}s
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
        tabIndex={0}
        style={{
          margin: 0,
          padding: 4,
          overflow: "auto",
          whiteSpace: "pre-wrap",
          wordBreak: "break-all",
        }}
      >
        {text}
      </pre>
    </section>
  )
}
EntryDetail.displayName = "EntryDetail"
