/** A file's size as people read it: `@aichatkit/types`' own, exported here too as it always was. */
export { formatBytes } from "@aichatkit/types"
export {
  attachmentBytes,
  attachmentSize,
  bytesToBase64,
  type PrepareAttachmentsOptions,
  prepareAttachments,
  type UploadContext,
  type UploadFunction,
  type UploadProgress,
} from "./attachments.js"
export { createIdleTimer, DEFAULT_IDLE_TIMEOUT_MS, type IdleTimer } from "./idle-timer.js"
export { type FoldResult, foldEvents, ItemFold } from "./item-fold.js"
export {
  cancelledToolCall,
  isTerminalToolStatus,
  MAX_PENDING_DELTA_ITEMS,
  mergeAddedItem,
  mergeAttachments,
  patchItem,
  withAudioChunk,
} from "./item-rules.js"
export type {
  AdapterCapabilities,
  ChatEventListener,
  MessageFeedback,
  RespondToToolCallOptions,
  SendMessageOptions,
  WireListener,
  WireTraffic,
} from "./network-adapter.js"
export { ALL_AGENTS, NetworkAdapter, SEED_CAPABILITIES } from "./network-adapter.js"
export { type AdapterRecording, isAdapterRecording, type RecordingEntry } from "./recording.js"
export { waitingToolCall } from "./tool-answers.js"
export {
  closeOpenItems,
  endTurn,
  type OpenItem,
  type RunEnding,
  unfinishedToolCall,
} from "./turn-ending.js"
