/** The adapter's options checked, its dialect resolved, and what it can do with them. */
import type { AdapterCapabilities } from "@aichatkit/network-adapter"
import { ChatError } from "@aichatkit/types"
import { builtInDialects, type DialectName, type DialectTraits } from "./dialects/built-in.js"
import type { SSEAdapterOptions, SSEDialect } from "./types.js"

/**
 * The dialect the options give, or name (a built-in one, loaded when first needed); a
 * ChatError for a missing url or an unknown dialect.
 */
export function resolveDialect(options: SSEAdapterOptions): SSEDialect<unknown> | DialectName {
  if (typeof options?.url !== "string" || options.url === "") {
    throw new ChatError(
      "INVALID_INPUT",
      "SSEAdapter needs a url: the endpoint that streams a turn.",
    )
  }
  const dialect = options.dialect === undefined ? "haira" : options.dialect
  if (typeof dialect === "object" && dialect !== null) return dialect
  if (!Object.hasOwn(builtInDialects, dialect)) {
    throw new ChatError(
      "INVALID_INPUT",
      `Unknown SSE dialect "${String(options.dialect)}"; use haira, ai-sdk, ag-ui or an SSEDialect object.`,
    )
  }
  return dialect as DialectName
}

/** What an SSE adapter with these options and this dialect can do. */
export function capabilitiesFor(
  options: SSEAdapterOptions,
  dialect: DialectTraits,
): Readonly<AdapterCapabilities> {
  return Object.freeze({
    streaming: true,
    cancel: true,
    resume: options.reconnect !== false,
    toolCalls: true,
    cards: true,
    // AI SDK and AG-UI carry file parts; Haira only links, made by the app's upload.
    attachments: options.upload !== undefined || dialect.name !== "haira",
    // Haira keeps the conversation on the server (the request names the session only).
    branching: dialect.sendsHistory === true,
    // AI SDK and AG-UI send the answer in the next request; Haira has no place for one.
    toolApproval: dialect.answersToolCalls === true,
  })
}
