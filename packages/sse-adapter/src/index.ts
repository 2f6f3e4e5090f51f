export {
  agUiDialect,
  aiSdkDialect,
  type DialectName,
  dialects,
  hairaDialect,
} from "./dialects/index.js"
export { createTurnState, type TurnState } from "./dialects/turn-state.js"
export { type ReconnectOptions, SSEAdapter, type SSEAdapterOptions } from "./sse-adapter.js"
export {
  createStreamDecoder,
  DEFAULT_MAX_EVENT_BYTES,
  type StreamDecoder,
} from "./stream-decoder.js"
export type {
  DialectRequest,
  InterruptReason,
  SSEDialect,
  SSEMessage,
  TurnContext,
  TurnEnding,
} from "./types.js"
