import type { WireTraffic } from "@aichatkit/network-adapter"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { ApolloAdapter } from "./apollo-adapter.js"
import { type DemoGraphql, startDemo } from "./testdata/servers.js"

let server: DemoGraphql
beforeAll(async () => {
  server = await startDemo(1)
})
afterAll(() => server.close())

describe("ApolloAdapter wire tap", () => {
  it("reports its operations, their answers and the subscription's payloads", async () => {
    const adapter = new ApolloAdapter({
      apiUrl: server.httpUrl,
      subscriptions: { url: server.wsUrl, transport: "graphql-ws", webSocketImpl: WebSocket },
    })
    const traffic: WireTraffic[] = []
    adapter.observeWire((piece) => traffic.push(piece))
    try {
      const agentId = await adapter.startChatAgent()
      await adapter.sendMessage(agentId, "hello")
      const summary = traffic.map((piece) => {
        const data = piece.data as { operation?: string; kind?: string; name?: string }
        return `${piece.direction} ${data.operation ?? data.name}`
      })
      expect(summary).toContain("out createConversation")
      expect(summary).toContain("in createConversation")
      expect(summary).toContain("out agentEvent")
      expect(summary).toContain("out continueChat")
      const payloads = traffic.filter(
        (piece) => piece.direction === "in" && Object.hasOwn(piece.data as object, "name"),
      )
      expect(payloads.length).toBeGreaterThan(0)
      expect(payloads.every((piece) => piece.wire === "graphql" && piece.agentId === agentId)).toBe(
        true,
      )
    } finally {
      await adapter.dispose()
    }
  })
})
