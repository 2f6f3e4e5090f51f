export { adapterErrorFor, type DecodeContext, decodeFrame, errorCodeFor } from "./decode.js"
export {
  encodeRunCancel,
  encodeToolCancel,
  encodeUserMessage,
  type ToolFrame,
  TurnEncoder,
} from "./encode.js"
export { HAIPAdapter } from "./haip-adapter.js"
export type { HAIPAdapterOptions } from "./types.js"
