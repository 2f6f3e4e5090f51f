/** The turn's code and the dialect load when the first agent starts: a failed load, and the next try. */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"

let server: Server
let url: string

/** A Haira workflow that answers every message with "pong". */
beforeAll(async () => {
  server = createServer(async (request, response) => {
    for await (const _chunk of request) {
      // The body is not needed: every turn gets the same answer.
    }
    response.writeHead(200, { "Content-Type": "text/event-stream" })
    response.end('event: delta\ndata: {"delta":"pong"}\n\nevent: done\ndata: {}\n\n')
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe("the code a turn needs", () => {
  it("fails the turn with a retryable CONNECTION_FAILED when it cannot load, and loads on the next turn", async () => {
    vi.doMock("./dialects/haira.js", () => {
      throw new Error("the network is down")
    })
    const adapter = new SSEAdapter({ url })
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "ping")).rejects.toMatchObject({
      code: "CONNECTION_FAILED",
      retryable: true,
      message: expect.stringContaining("haira dialect"),
    })
    vi.doUnmock("./dialects/haira.js")
    const response = await adapter.sendMessage(agentId, "ping")
    expect(
      response.items.flatMap((item) => (item.type === "message" ? [item.content] : [])),
    ).toEqual(["pong"])
  })
})
