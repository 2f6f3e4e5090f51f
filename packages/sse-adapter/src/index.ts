export {
  createStreamDecoder,
  DEFAULT_MAX_EVENT_BYTES,
  type StreamDecoder,
} from "./decode.js"
export {
  agUiDialect,
  aiSdkDialect,
  type DialectName,
  dialects,
  hairaDialect,
} from "./dialects/index.js"
export {
  closeAll,
  closeItem,
  createTurnState,
  finishTurn,
  openMessage,
  parseData,
  type TurnState,
  textDelta,
} from "./dialects/turn-state.js"
export { SSEAdapter } from "./sse-adapter.js"
export type {
  DialectRequest,
  InterruptReason,
  ReconnectOptions,
  SSEAdapterOptions,
  SSEDialect,
  SSEMessage,
  TurnContext,
} from "./types.js"
