import { agUiDialect } from "./ag-ui.js"
import { aiSdkDialect } from "./ai-sdk.js"
import { hairaDialect } from "./haira.js"

/** The dialects built in, by the name `SSEAdapterOptions.dialect` takes. */
export const dialects = {
  haira: hairaDialect,
  "ai-sdk": aiSdkDialect,
  "ag-ui": agUiDialect,
} as const

/** A built-in dialect's name. */
export type DialectName = keyof typeof dialects

export { agUiDialect, aiSdkDialect, hairaDialect }
