import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import { afterAll, beforeAll } from "vitest"
import { WebSocket } from "ws"
import { ApolloAdapter } from "./apollo-adapter.js"
import { type DemoGraphql, startDemo } from "./testdata/servers.js"

let server: DemoGraphql
beforeAll(async () => {
  server = await startDemo(2)
})
afterAll(() => server.close())

const dispose = (adapter: ApolloAdapter) => adapter.dispose()

describeAdapterConformance(
  "ApolloAdapter streaming over graphql-ws",
  () =>
    new ApolloAdapter({
      apiUrl: server.httpUrl,
      subscriptions: { url: server.wsUrl, transport: "graphql-ws", webSocketImpl: WebSocket },
    }),
  { dispose },
)

describeAdapterConformance(
  "ApolloAdapter streaming over SSE",
  () =>
    new ApolloAdapter({
      apiUrl: server.httpUrl,
      subscriptions: { url: server.httpUrl, transport: "sse" },
    }),
  { dispose },
)

describeAdapterConformance(
  "ApolloAdapter over HTTP only",
  () => new ApolloAdapter({ apiUrl: server.httpUrl }),
  { dispose },
)
