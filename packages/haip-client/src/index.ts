// The public API: the seed's (createHAIPClient, HAIPClientImpl, HAIPUtils and their types), the
// reference server's flow (HAIPTransaction), events and errors, when a turn is over
// (TurnTracker), and the frame codec with seq ordering for code that reads frames itself.
// Each export is listed in the README's "Exports".
export { createHAIPClient, HAIPClientImpl } from "./client.js"
export type { ConnectionPhase, HAIPClientEvents, HAIPWarning } from "./connection-events.js"
export { type HAIPClientErrorCode, HAIPError } from "./errors.js"
export { type DecodeResult, decodeFrame, encodeFrame, type FrameProblem } from "./frames.js"
export { Sequencer, type SequencerVerdict } from "./sequencer.js"
export { HAIPTransaction, type HAIPTransactionEvents, regenerateRequest } from "./transaction.js"
export { type TurnEnd, TurnTracker } from "./turn.js"
export {
  type HAIPAuth,
  type HAIPChannel,
  type HAIPClientConfig,
  type HAIPConnectionState,
  HAIPEventType,
  type HAIPFile,
  type HAIPMessage,
  type HAIPMessageOptions,
  type HAIPOutgoingMessage,
  type HAIPPayload,
  type HAIPPerformanceMetrics,
  type HAIPRun,
  type HAIPRunStatus,
  type HAIPServerInfo,
  type HAIPToolUpdateStatus,
  type HAIPTransportKind,
  toHAIPFile,
} from "./types.js"
export { HAIPUtils } from "./utils.js"
