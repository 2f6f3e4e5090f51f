import { ApolloAdapter } from "@aichatkit/apollo-adapter"
import { HAIPAdapter } from "@aichatkit/haip-adapter"
import type { NetworkAdapter } from "@aichatkit/network-adapter"
import { SSEAdapter } from "@aichatkit/sse-adapter"
import { MemoryAdapter } from "@aichatkit/testing"
import { gql } from "@apollo/client"
import { uploadToDemoServer } from "./upload.js"

const toWebSocketUrl = (httpUrl: string) => httpUrl.replace(/^http/, "ws")

/** The demo GraphQL schema's answer to a tool call (an app writes its own schema's mutation). */
const RESPOND_TO_TOOL_CALL = gql`
  mutation RespondToToolCall($agentId: String!, $toolCallId: String!, $response: String!) {
    respondToToolCall(agentId: $agentId, toolCallId: $toolCallId, response: $response)
  }
`

/** The demo GraphQL schema's regeneration of the last answer (likewise the app's own mutation). */
const REGENERATE = gql`
  mutation Regenerate($id: String!) {
    regenerate(id: $id) {
      items
      conversationId
    }
  }
`

/**
 * The demo GraphQL schema's turn with the message's files (not in Modus: the app maps the
 * adapter's uploaded `attachments` into its own document's variables).
 */
const CONTINUE_CHAT_WITH_FILES = gql`
  query ContinueChat($id: String!, $query: String!, $files: [FileLink!]) {
    continueChat(id: $id, query: $query, files: $files) {
      items
      conversationId
    }
  }
`

/** The scripted agent, taking files too: it answers as always, the files stay on the message. */
class FileMemoryAdapter extends MemoryAdapter {
  override readonly capabilities = Object.freeze({
    ...new MemoryAdapter().capabilities,
    attachments: true,
  })
}

/** One choice in the playground's adapter picker. */
export interface AdapterChoice {
  id: string
  label: string
  /** What the choice talks to, shown under the picker. */
  describe: (serverUrl: string) => string
  create: (serverUrl: string) => NetworkAdapter
}

/** Every adapter the playground can chat through; all but the in-memory one talk to the demo server. */
export const adapterChoices: AdapterChoice[] = [
  {
    id: "memory",
    label: "In-memory agent",
    describe: () => "The scripted agent, in this tab: no server.",
    create: () => new FileMemoryAdapter({ tokenDelayMs: 15 }),
  },
  {
    id: "haip",
    label: "HAIP (WebSocket)",
    describe: (serverUrl) =>
      `HAIP over WebSocket at ${toWebSocketUrl(serverUrl)}/haip, tool "demo"`,
    // The demo server accepts any token; a real HAIP server checks it.
    create: (serverUrl) =>
      new HAIPAdapter({
        url: `${toWebSocketUrl(serverUrl)}/haip`,
        tool: "demo",
        token: "Bearer demo",
        // The demo tool takes `{ text, attachments }`: files go base64 in the MESSAGE.
        attachments: true,
      }),
  },
  {
    id: "sse",
    label: "SSE (Haira)",
    describe: (serverUrl) => `A Haira streaming workflow: POST ${serverUrl}/chat`,
    // No historyUrl: Haira's wire carries no item ids, so reloaded items would not match streamed ones.
    // Haira's body carries links, not bytes: files go to the demo server's /uploads first.
    create: (serverUrl) =>
      new SSEAdapter({
        url: `${serverUrl}/chat`,
        dialect: "haira",
        // XMLHttpRequest, so the message's files show their upload progress.
        upload: (file, context) => uploadToDemoServer(serverUrl, file, context),
      }),
  },
  {
    id: "apollo",
    label: "GraphQL (Apollo)",
    describe: (serverUrl) => `GraphQL at ${serverUrl}/graphql, streaming over graphql-ws`,
    create: (serverUrl) =>
      new ApolloAdapter({
        apiUrl: `${serverUrl}/graphql`,
        subscriptions: { url: `${toWebSocketUrl(serverUrl)}/graphql`, transport: "graphql-ws" },
        // GraphQL carries links, not bytes: files go to the demo server's /uploads first.
        upload: (file, context) => uploadToDemoServer(serverUrl, file, context),
        // Not in Modus: the demo schema's continueChat with files, and its mutations for
        // answers to tool calls (approve, location) and for answering the last message again.
        documents: {
          continueChat: {
            document: CONTINUE_CHAT_WITH_FILES,
            variables: ({ agentId, message, attachments = [] }) => ({
              id: agentId,
              query: message ?? "",
              files: attachments.map(({ name, mediaType, url }) => ({ name, mediaType, url })),
            }),
          },
          respondToToolCall: { document: RESPOND_TO_TOOL_CALL },
          regenerate: { document: REGENERATE },
        },
      }),
  },
]

/** What the playground opens with: the demo server over HAIP, as `npm start` runs it. */
export const DEFAULT_ADAPTER_ID = "haip"

/** The choice with this id, or the default one. */
export function findAdapterChoice(id: string | null): AdapterChoice {
  const wanted = id ?? DEFAULT_ADAPTER_ID
  return (
    adapterChoices.find((choice) => choice.id === wanted) ??
    (adapterChoices.find((choice) => choice.id === DEFAULT_ADAPTER_ID) as AdapterChoice)
  )
}
