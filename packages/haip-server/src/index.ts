export {
  authenticateClient,
  BEARER_SUBPROTOCOL_PREFIX,
  bareToken,
  createPermissionMap,
  verifyJwt,
} from "./auth.js"
export { ChatEventEncoder, sendChatEvents } from "./chat-events.js"
export { decodeFrame, encodeFrame } from "./frames.js"
export { ReplayWindow } from "./replay-window.js"
export { HAIPServer, type HAIPServerOptions, type HAIPServerStats } from "./server.js"
export { type HAIPCard, HAIPTool } from "./tool.js"
export {
  type FlowControlConfig,
  HAIP_CHANNELS,
  type HAIPAuthenticator,
  type HAIPAuthRequest,
  type HAIPChannel,
  type HAIPErrorCode,
  HAIPEventType,
  type HAIPFlowControlGrant,
  type HAIPHandshakePayload,
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
