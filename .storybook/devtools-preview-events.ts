/** The channel events between devtools-preview.ts (the story) and manager.tsx (the panel). */
/** The log entries (`LogEntry[]` of `@aichatkit/devtools`) added since the last ones sent. */
export const DEVTOOLS_ENTRIES = "aichatkit-devtools/entries"
/** A new adapter is being watched (its `adapterName`): the panel starts again. */
export const DEVTOOLS_RESET = "aichatkit-devtools/reset"
