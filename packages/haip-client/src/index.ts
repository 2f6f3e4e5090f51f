export { createHAIPClient, HAIPClientImpl } from "./client.js"
export type { ConnectionPhase, HAIPClientEvents, HAIPWarning } from "./connection-events.js"
export { parseServerInfo } from "./connection-support.js"
export type { HAIPClientErrorCode } from "./errors.js"
export { AUTH_FAILURE_CODES, HAIPError } from "./errors.js"
export type { DecodeResult, FrameProblem } from "./frames.js"
export {
  consumesCredit,
  decodeFrame,
  decodeValue,
  encodeFrame,
  generateUUID,
  utf8Length,
} from "./frames.js"
export { payloadProblem } from "./payloads.js"
export { Sequencer, type SequencerVerdict } from "./sequencer.js"
export { HAIPTransaction, type HAIPTransactionEvents } from "./transaction.js"
export { type TurnEnd, TurnTracker } from "./turn.js"
export * from "./types.js"
export {
  createTextMessage,
  encodeBase64,
  HAIPUtils,
  parseBase64,
  validateMessage,
} from "./utils.js"
