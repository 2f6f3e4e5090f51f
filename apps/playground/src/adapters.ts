import { ApolloAdapter } from "@aichatkit/apollo-adapter"
import { HAIPAdapter } from "@aichatkit/haip-adapter"
import type { NetworkAdapter } from "@aichatkit/network-adapter"
import { SSEAdapter } from "@aichatkit/sse-adapter"
import { MemoryAdapter } from "@aichatkit/testing"

const toWebSocketUrl = (httpUrl: string) => httpUrl.replace(/^http/, "ws")

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
    create: () => new MemoryAdapter({ tokenDelayMs: 15 }),
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
      }),
  },
  {
    id: "sse",
    label: "SSE (Haira)",
    describe: (serverUrl) => `A Haira streaming workflow: POST ${serverUrl}/chat`,
    // No historyUrl: Haira's wire carries no item ids, so reloaded items would not match streamed ones.
    create: (serverUrl) => new SSEAdapter({ url: `${serverUrl}/chat`, dialect: "haira" }),
  },
  {
    id: "apollo",
    label: "GraphQL (Apollo)",
    describe: (serverUrl) => `GraphQL at ${serverUrl}/graphql, streaming over graphql-ws`,
    create: (serverUrl) =>
      new ApolloAdapter({
        apiUrl: `${serverUrl}/graphql`,
        subscriptions: { url: `${toWebSocketUrl(serverUrl)}/graphql`, transport: "graphql-ws" },
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
