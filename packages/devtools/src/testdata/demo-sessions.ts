/**
 * The sessions kept as regression fixtures in `recordings/`: each wire of the demo server
 * (and the AI SDK and AG-UI dialects, which it does not speak, from their real libraries in
 * peer-servers.ts), an agent started and two messages sent, recorded with `recordAdapter`. The
 * script `npm run record-fixtures -w @aichatkit/devtools` re-records them; tests replay them.
 */
import { ApolloAdapter } from "@aichatkit/apollo-adapter"
import { HAIPAdapter } from "@aichatkit/haip-adapter"
import type { AdapterRecording, NetworkAdapter } from "@aichatkit/network-adapter"
import { SSEAdapter } from "@aichatkit/sse-adapter"
import { WebSocket } from "ws"
import { recordAdapter } from "../record-adapter.js"

/** The wires recorded, by fixture name. */
export const DEMO_WIRES = ["haip", "sse-haira", "graphql", "sse-ai-sdk", "sse-ag-ui"] as const
export type DemoWire = (typeof DEMO_WIRES)[number]

/** The messages of each recorded session: two turns, so a replay has new ids for each. */
export const RECORDED_MESSAGES = ["hello", "markdown"] as const

const toWebSocketUrl = (httpUrl: string) => httpUrl.replace(/^http/, "ws")

/** Where each wire is served: the demo server, or the peers of peer-servers.ts. */
export interface RecordingServers {
  demoUrl: string
  peersUrl: string
}

/** An adapter of `wire` talking to its server, and how to free it. */
export function demoAdapter(
  wire: DemoWire,
  { demoUrl: serverUrl, peersUrl }: RecordingServers,
): { adapter: NetworkAdapter; dispose: () => Promise<void> } {
  switch (wire) {
    case "haip": {
      const adapter = new HAIPAdapter({
        url: `${toWebSocketUrl(serverUrl)}/haip`,
        tool: "demo",
        token: "Bearer demo-secret",
      })
      return { adapter, dispose: () => adapter.close() }
    }
    case "sse-haira": {
      const adapter = new SSEAdapter({ url: `${serverUrl}/chat`, dialect: "haira" })
      return { adapter, dispose: async () => {} }
    }
    case "graphql": {
      const adapter = new ApolloAdapter({
        apiUrl: `${serverUrl}/graphql`,
        subscriptions: {
          url: `${toWebSocketUrl(serverUrl)}/graphql`,
          transport: "graphql-ws",
          webSocketImpl: WebSocket,
        },
      })
      return { adapter, dispose: async () => adapter.dispose() }
    }
    case "sse-ai-sdk": {
      const adapter = new SSEAdapter({ url: `${peersUrl}/ai-sdk`, dialect: "ai-sdk" })
      return { adapter, dispose: async () => {} }
    }
    case "sse-ag-ui": {
      const adapter = new SSEAdapter({ url: `${peersUrl}/ag-ui`, dialect: "ag-ui" })
      return { adapter, dispose: async () => {} }
    }
  }
}

/** Records one session of `wire`: an agent, then each of {@link RECORDED_MESSAGES}. */
export async function recordDemoSession(
  wire: DemoWire,
  servers: RecordingServers,
): Promise<AdapterRecording> {
  const { adapter, dispose } = demoAdapter(wire, servers)
  const recorder = recordAdapter(adapter)
  try {
    const agentId = await adapter.startChatAgent()
    for (const message of RECORDED_MESSAGES) await adapter.sendMessage(agentId, message)
    return recorder.stop()
  } finally {
    recorder.stop()
    await dispose()
  }
}
