// "@aichatkit/sse-adapter/dialects": the built-in dialects and the stream decoder, for code
// that decodes streams itself (tests, benchmarks, a recording's replay). SSEAdapter loads the
// dialect it speaks by itself; see ../index.ts for why these are not exported from there.
import { agUiDialect } from "./ag-ui.js"
import { aiSdkDialect } from "./ai-sdk.js"
import type { DialectName } from "./built-in.js"
import { hairaDialect } from "./haira.js"

/** The dialects built in, by the name `SSEAdapterOptions.dialect` takes. */
export const dialects = {
  haira: hairaDialect,
  "ai-sdk": aiSdkDialect,
  "ag-ui": agUiDialect,
} as const satisfies Record<DialectName, unknown>

export {
  createStreamDecoder,
  DEFAULT_MAX_EVENT_BYTES,
  type StreamDecoder,
} from "../decode.js"
export type { DialectName } from "./built-in.js"
export { agUiDialect, aiSdkDialect, hairaDialect }
