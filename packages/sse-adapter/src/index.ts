// The adapter, its types, and the helpers a dialect of your own is written with. The built-in
// dialects' code and the stream decoder are at "@aichatkit/sse-adapter/dialects": the adapter
// loads them when its first agent starts, and a page that imports only `SSEAdapter` from here
// does not carry them up front (a bundler such as esbuild puts the code of every module this
// file re-exports into a chunk the page loads at once).
export type { DialectName } from "./dialects/built-in.js"
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
