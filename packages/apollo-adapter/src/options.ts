/** What the adapter can do with the options it was given. */
import type { AdapterCapabilities } from "@aichatkit/network-adapter"
import type { ApolloAdapterOptions } from "./types.js"

/** The capabilities of an Apollo adapter with these options. */
export function capabilitiesFor(options: ApolloAdapterOptions): Readonly<AdapterCapabilities> {
  const streaming = options.subscriptions !== undefined
  return Object.freeze({
    streaming,
    cancel: true,
    resume: false,
    toolCalls: true,
    cards: true,
    // Answers need the mutation the app names, and the stream the next run arrives on.
    toolApproval: streaming && options.documents?.respondToToolCall !== undefined,
    // GraphQL carries links: files go only through the app's upload.
    attachments: options.upload !== undefined,
    // The server keeps the conversation: answering again needs the mutation the app names.
    regenerateLast: options.documents?.regenerate !== undefined,
  })
}
