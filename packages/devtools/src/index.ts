/**
 * `@aichatkit/devtools`: the inspector panel, and (also in the React-free `./record` entry)
 * recording a session. Import it lazily; `@aichatkit/ui` never imports it.
 */
export { ChatDevtools, type ChatDevtoolsProps } from "./ChatDevtools.js"
export { DevtoolsLog, type LogEntry, MAX_LOG_ENTRIES } from "./devtools-log.js"
export { EntryList, type EntryListProps } from "./EntryList.js"
export { entryAgent, entryText, entryType } from "./entry-text.js"
export * from "./record.js"
export { type RunSummary, summarizeRuns } from "./run-summary.js"
export { type ConversationDiff, diffChatState, type StoreDiff } from "./store-diff.js"
