/** The lists' entries for a log snapshot and filters, as a hook (see `showEntries`). */
import { useLayoutEffect, useMemo, useRef } from "react"
import type { LogEntry } from "./devtools-log.js"
import { type EntryFilters, type ShownEntries, showEntries } from "./shown-entries.js"

/**
 * The lists' entries for these filters, made incrementally from the last frame's (see
 * `showEntries`). The last result is kept once committed, so a render thrown away changes
 * nothing.
 */
export function useShownEntries(entries: readonly LogEntry[], filters: EntryFilters): ShownEntries {
  const previous = useRef<ShownEntries | undefined>(undefined)
  const shown = useMemo(() => showEntries(entries, filters, previous.current), [entries, filters])
  useLayoutEffect(() => {
    previous.current = shown
  }, [shown])
  return shown
}
