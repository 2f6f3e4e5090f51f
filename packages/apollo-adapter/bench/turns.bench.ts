/**
 * How fast a whole turn goes through the adapter against the demo server's GraphQL endpoint
 * on loopback (the scripted agent with no token delay), per transport. Prints figures; asserts
 * nothing. Run: npm run bench -w @aichatkit/apollo-adapter
 */
import { WebSocket } from "ws"
import { ApolloAdapter } from "../src/apollo-adapter.js"
import { startDemo } from "../src/testdata/servers.js"
import type { ApolloAdapterOptions } from "../src/types.js"

const TURNS = Number(process.env.TURNS ?? 40)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN
}

const server = await startDemo(0)
const transports: Array<[string, ApolloAdapterOptions]> = [
  ["HTTP only (no streaming)", { apiUrl: server.httpUrl }],
  [
    "graphql-ws",
    {
      apiUrl: server.httpUrl,
      subscriptions: { url: server.wsUrl, transport: "graphql-ws", webSocketImpl: WebSocket },
    },
  ],
  ["SSE", { apiUrl: server.httpUrl, subscriptions: { url: server.httpUrl, transport: "sse" } }],
]

console.log(`${TURNS} turns of the markdown answer per transport, after 5 warm-up turns`)
for (const [name, options] of transports) {
  const adapter = new ApolloAdapter(options)
  const agentId = await adapter.startChatAgent()
  let events = 0
  adapter.subscribe(agentId, () => {
    events += 1
  })
  for (let warmUp = 0; warmUp < 5; warmUp++) await adapter.sendMessage(agentId, "hello")
  await adapter.clearConversationHistory(agentId)
  events = 0
  const durations: number[] = []
  const started = performance.now()
  for (let turn = 0; turn < TURNS; turn++) {
    const start = performance.now()
    await adapter.sendMessage(agentId, "hello")
    durations.push(performance.now() - start)
  }
  const total = (performance.now() - started) / 1000
  durations.sort((a, b) => a - b)
  console.log(
    `${name.padEnd(26)} turn p50 ${percentile(durations, 50).toFixed(1)} ms, p95 ${percentile(durations, 95).toFixed(1)} ms; ` +
      `${(events / total).toFixed(0)} events/s to listeners (${(events / TURNS).toFixed(0)} per turn)`,
  )
  adapter.dispose()
}
await server.close()
