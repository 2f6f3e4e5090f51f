// The public API: the seed's (HAIPServer, HAIPTool, createPermissionMap, the types its tools
// use), the options and stats, and ChatEvents as a tool's answer. Each export is listed in the
// README's "Exports"; the wire's own vocabulary is @aichatkit/haip-wire's.
export { createPermissionMap } from "./auth.js"
export { ChatEventEncoder, sendChatEvents } from "./chat-events.js"
export type { SentFrame } from "./replay-window.js"
export { HAIPServer, type HAIPServerOptions, type HAIPServerStats } from "./server.js"
export {
  type FrameTail,
  type InboundMessage,
  memoryStore,
  type SessionStore,
  type StoredSession,
  type StoredWindow,
} from "./session-store.js"
export { decodeAudioChunk, type HAIPAudioChunk, type HAIPCard, HAIPTool } from "./tool.js"
export {
  type FlowControlConfig,
  type HAIPAuthenticator,
  type HAIPAuthRequest,
  type HAIPChannel,
  HAIPEventType,
  type HAIPFile,
  type HAIPMessage,
  type HAIPOutgoingFrame,
  type HAIPRunStatus,
  type HAIPSessionInfo,
  type HAIPSessionTransaction,
  type HAIPToolSchema,
  type HAIPToolUpdateStatus,
  type HAIPTransactionInfo,
  type HAIPUser,
} from "./types.js"
