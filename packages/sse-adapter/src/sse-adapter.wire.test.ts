import { createDemoServer, type DemoServer } from "@aichatkit/demo-server"
import type { WireTraffic } from "@aichatkit/network-adapter"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"

let server: DemoServer

beforeAll(async () => {
  server = await createDemoServer({ tokenDelayMs: 1 })
})
afterAll(async () => {
  await server.close()
})

describe("SSEAdapter wire tap", () => {
  it("reports the request body and the stream's text, which together make the answer", async () => {
    const adapter = new SSEAdapter({ url: `${server.url}/chat` })
    const traffic: WireTraffic[] = []
    adapter.observeWire((piece) => traffic.push(piece))
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "hello")

    const out = traffic.filter((piece) => piece.direction === "out")
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ wire: "sse", agentId })
    expect(JSON.parse(out[0]?.data as string)).toMatchObject({ message: "hello" })

    const text = traffic
      .filter((piece) => piece.direction === "in")
      .map((piece) => piece.data as string)
      .join("")
    const deltas = text
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => (JSON.parse(line.slice(6)) as { delta?: string }).delta ?? "")
      .join("")
    const answer = response.items.find(
      (item) => item.type === "message" && item.role === "assistant",
    )
    expect(answer?.type === "message" && answer.content).toBe(deltas)
  })

  it("reports nothing after the observer stops", async () => {
    const adapter = new SSEAdapter({ url: `${server.url}/chat` })
    const traffic: WireTraffic[] = []
    adapter.observeWire((piece) => traffic.push(piece))()
    await adapter.sendMessage(await adapter.startChatAgent(), "hello")
    expect(traffic).toEqual([])
  })
})
