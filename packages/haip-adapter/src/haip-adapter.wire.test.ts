import type { WireTraffic } from "@aichatkit/network-adapter"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"
import { startTestServer } from "./testdata/servers.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe("HAIPAdapter wire tap", () => {
  it("reports the frames it sends and the frames of the agent's transaction it receives", async () => {
    const server = await startTestServer()
    cleanups.push(() => server.close())
    const adapter = new HAIPAdapter({ url: server.url, token: "Bearer TOKEN", tool: "demo" })
    cleanups.push(() => adapter.close())
    const traffic: WireTraffic[] = []
    adapter.observeWire((piece) => traffic.push(piece))
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "hello")

    const sent = traffic.filter((piece) => piece.direction === "out")
    expect(sent).toEqual([
      {
        direction: "out",
        wire: "haip",
        agentId,
        data: expect.objectContaining({ type: "MESSAGE", channel: "USER" }),
      },
    ])
    const received = traffic.filter(
      (piece) => piece.direction === "in" && piece.agentId === agentId,
    )
    const types = received.map((piece) => (piece.data as { type: string }).type)
    expect(types).toContain("MESSAGE_PART")
    expect(received.every((piece) => piece.wire === "haip")).toBe(true)
  })
})
