/** The adapter's options checked, its dialect resolved, and what it can do with them. */
import type { AdapterCapabilities } from "@aichatkit/network-adapter"
import { ChatError } from "@aichatkit/types"
import { dialects } from "./dialects/index.js"
import type { SSEAdapterOptions, SSEDialect } from "./types.js"

/** The dialect the options name (or give); a ChatError for a missing url or unknown dialect. */
export function resolveDialect(options: SSEAdapterOptions): SSEDialect<unknown> {
  if (typeof options?.url !== "string" || options.url === "") {
    throw new ChatError(
      "INVALID_INPUT",
      "SSEAdapter needs a url: the endpoint that streams a turn.",
    )
  }
  const dialect =
    typeof options.dialect === "object" ? options.dialect : dialects[options.dialect ?? "haira"]
  if (!dialect) {
    throw new ChatError(
      "INVALID_INPUT",
      `Unknown SSE dialect "${String(options.dialect)}"; use haira, ai-sdk, ag-ui or an SSEDialect object.`,
    )
  }
  return dialect as SSEDialect<unknown>
}

/** What an SSE adapter with these options and this dialect can do. */
export function capabilitiesFor(
  options: SSEAdapterOptions,
  dialect: SSEDialect<unknown>,
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
