import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import type { ChatEvent } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { retryAfterSeconds } from "./errors.js"
import { SSEAdapter } from "./sse-adapter.js"

let server: Server
let base: string
const seenHeaders: Record<string, string | string[] | undefined>[] = []

/** Each path answers one way a real server fails. */
beforeAll(async () => {
  server = createServer((request, response) => {
    seenHeaders.push(request.headers)
    const path = new URL(request.url ?? "/", "http://x").pathname
    switch (path) {
      case "/401":
        return response
          .writeHead(401, { "Content-Type": "application/json" })
          .end('{"error":"token expired"}')
      case "/429":
        return response.writeHead(429, { "Retry-After": "7" }).end()
      case "/500":
        return response
          .writeHead(500, { "Content-Type": "application/json" })
          .end('{"error":{"message":"database is down"}}')
      case "/502":
        return response.writeHead(502, { "Content-Type": "text/html" }).end("<h1>Bad gateway</h1>")
      case "/text":
        return response.writeHead(200, { "Content-Type": "text/plain" }).end("hello")
      case "/hang":
        response.writeHead(200, { "Content-Type": "text/event-stream" })
        response.write(': open\n\nevent: delta\ndata: {"delta":"thinking"}\n\n')
        return // never finishes: for the abort test
      case "/error-then-cut":
        response.writeHead(200, { "Content-Type": "text/event-stream" })
        return response.end(
          'event: delta\ndata: {"delta":"Par"}\n\nevent: error\ndata: {"error":"model crashed"}\n\n',
        )
      case "/empty":
        return response.writeHead(200, { "Content-Type": "text/event-stream" }).end()
      default:
        return response
          .writeHead(404, { "Content-Type": "application/json" })
          .end('{"error":"no such workflow"}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

async function turn(
  path: string,
  options: { signal?: AbortSignal; onEvent?: (event: ChatEvent) => void } = {},
) {
  const adapter = new SSEAdapter({ url: `${base}${path}`, headers: { Authorization: "Bearer t" } })
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => {
    events.push(event)
    options.onEvent?.(event)
  })
  const error = await adapter.sendMessage(agentId, "hi", options).then(
    () => undefined,
    (reason: unknown) => reason,
  )
  return { error, events }
}

describe("HTTP answers that are not a stream", () => {
  it.each([
    ["/401", "AUTHENTICATION_FAILED", false, /HTTP 401.*check the token.*token expired/],
    ["/missing", "NOT_FOUND", false, /HTTP 404.*check the adapter's url.*no such workflow/],
    ["/429", "RATE_LIMITED", true, /HTTP 429.*wait 7 s/],
    ["/500", "SERVER_ERROR", true, /HTTP 500.*database is down/],
    [
      "/502",
      "SERVER_ERROR",
      true,
      /^The server failed to answer \(HTTP 502\); try again in a moment\.$/,
    ],
    ["/text", "PROTOCOL_ERROR", false, /text\/plain instead of text\/event-stream/],
  ])(
    "%s becomes %s (retryable %s) with a clear message",
    async (path, code, retryable, message) => {
      const { error, events } = await turn(path)
      expect(error).toMatchObject({ code, retryable, message: expect.stringMatching(message) })
      expect(events.find((event) => event.type === "error")).toMatchObject({ error: { code } })
      expect(events.at(-1)).toMatchObject({
        type: "run-finished",
        status: "error",
        error: { code },
      })
    },
  )

  it("sends the configured headers and Accept: text/event-stream exactly", async () => {
    await turn("/empty")
    expect(seenHeaders.at(-1)).toMatchObject({
      accept: "text/event-stream",
      authorization: "Bearer t",
      "content-type": "application/json",
    })
  })

  it("fails a stream that ends before the turn did, keeping nothing open", async () => {
    const { error, events } = await turn("/empty")
    expect(error).toMatchObject({ code: "CONNECTION_LOST", retryable: true })
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "error" })
  })

  it("fails with the server's own error when it reported one and then dropped the stream", async () => {
    const { error, events } = await turn("/error-then-cut")
    expect(error).toMatchObject({
      code: "SERVER_ERROR",
      message: "The agent reported an error: model crashed",
    })
    expect(events.filter((event) => event.type === "error")).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({
      type: "run-finished",
      status: "error",
      error: { code: "SERVER_ERROR" },
    })
  })

  it("cancels a stream that hangs when the signal aborts", async () => {
    const controller = new AbortController()
    // Abort once the stream has really started (its first delta arrived), however slow.
    const { error, events } = await turn("/hang", {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "text-delta") controller.abort()
      },
    })
    expect(error).toMatchObject({ code: "CANCELLED" })
    expect(events.map((event) => event.type).slice(-3)).toEqual([
      "text-delta",
      "item-done",
      "run-finished",
    ])
    expect(events.at(-1)).toMatchObject({ status: "cancelled" })
  })

  it("cancels before the server even answered", async () => {
    const controller = new AbortController()
    const adapter = new SSEAdapter({ url: `${base}/hang` })
    const agentId = await adapter.startChatAgent()
    const sending = adapter.sendMessage(agentId, "hi", { signal: controller.signal })
    controller.abort()
    await expect(sending).rejects.toMatchObject({ code: "CANCELLED" })
    controller.abort()
    await expect(
      adapter.sendMessage(agentId, "hi", { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: "CANCELLED",
    })
  })
})

describe("retryAfterSeconds", () => {
  it.each([
    ["7", 7],
    ["0", 0],
    ["1.2", 2],
    ["Wed, 21 Oct 2015 07:28:10 GMT", 10],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
  ])("reads %j as %j", (header, seconds) => {
    expect(retryAfterSeconds(header, Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(seconds)
  })
})
