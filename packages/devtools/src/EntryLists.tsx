/**
 * The panel's body: the timeline and the wire side by side, and below them the full entry of
 * the line selected in either. Shared by `DevtoolsPanel` and Storybook's addon panel
 * (.storybook/manager.tsx), so both lay out and select lines the same way.
 */
// A namespace import: Storybook's addon panel compiles this file with the classic JSX
// transform, which needs `React` in scope.
import * as React from "react"
import type { LogEntry } from "./devtools-log.js"
import { EntryDetail } from "./EntryDetail.js"
import { EntryList } from "./EntryList.js"

export interface EntryListsProps {
  /** The timeline's entries, in `sequence` order. */
  timeline: readonly LogEntry[]
  /** The wire's entries, in `sequence` order. */
  wire: readonly LogEntry[]
}

export function EntryLists({ timeline, wire }: EntryListsProps) {
  const [selected, setSelected] = React.useState<LogEntry | undefined>(undefined)
  // Clicking the selected line again closes its detail.
  const select = React.useCallback(
    (entry: LogEntry) => setSelected((current) => (current === entry ? undefined : entry)),
    [],
  )
  return (
    <>
      <div style={{ display: "flex", flex: 1, minHeight: 0 }}>
        <EntryList
          label="Timeline"
          entries={timeline}
          selected={selected?.sequence}
          onSelect={select}
        />
        <EntryList label="Wire" entries={wire} selected={selected?.sequence} onSelect={select} />
      </div>
      {selected ? <EntryDetail entry={selected} onClose={() => setSelected(undefined)} /> : null}
    </>
  )
}
