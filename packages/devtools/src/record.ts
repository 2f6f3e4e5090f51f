/**
 * The parts of the devtools that need no React: recording a session, redaction, and the
 * chat's commit counter. Tests and Node scripts import this entry.
 */
export { adapterName } from "./adapter-name.js"
export { chatCommitCount, chatCommitted, onChatCommit } from "./commits.js"
export { type AdapterRecorder, type RecordAdapterOptions, recordAdapter } from "./record-adapter.js"
export { isCredentialKey, REDACTED, type RedactRule, redactedCopy, redactText } from "./redact.js"
