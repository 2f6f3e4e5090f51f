import { randomUUID } from "node:crypto"
import { createServer, request as httpRequest } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPServer } from "../server.js"
import { startServer } from "../testdata/harness.js"
import { RawClient } from "../testdata/raw-client.js"
import { ScriptTool } from "../testdata/tools.js"
import type { HAIPMessage } from "../types.js"

const httpUrl = (server: HAIPServer) => server.url.replace("ws://", "http://")
const frame = (fields: Record<string, unknown>) => ({
  id: randomUUID(),
  ts: String(Date.now()),
  channel: "USER",
  payload: {},
  ...fields,
})

/** Reads frames from a streaming response body (NDJSON lines or SSE events) without closing it early. */
class FrameReader {
  readonly seen: HAIPMessage[] = []
  private readonly chunks: AsyncIterator<Uint8Array | Buffer>
  private readonly decoder = new TextDecoder()
  private buffer = ""

  constructor(
    body: AsyncIterable<Uint8Array | Buffer>,
    private readonly sse: boolean,
  ) {
    this.chunks = body[Symbol.asyncIterator]()
  }

  async until(predicate: (frame: HAIPMessage) => boolean): Promise<HAIPMessage> {
    const already = this.seen.find(predicate)
    if (already) return already
    for (;;) {
      const separator = this.sse ? "\n\n" : "\n"
      let index = this.buffer.indexOf(separator)
      while (index !== -1) {
        const block = this.buffer.slice(0, index)
        this.buffer = this.buffer.slice(index + separator.length)
        const data = this.sse
          ? block
              .split("\n")
              .find((line) => line.startsWith("data: "))
              ?.slice(6)
          : block
        if (data) {
          const frame = JSON.parse(data) as HAIPMessage
          this.seen.push(frame)
          if (predicate(frame)) return frame
        }
        index = this.buffer.indexOf(separator)
      }
      const next = await this.chunks.next()
      if (next.done) throw new Error(`stream ended; saw ${this.seen.map((f) => f.type).join(",")}`)
      this.buffer += this.decoder.decode(next.value, { stream: true })
    }
  }
}

describe("HTTP endpoints", () => {
  it("answers GET /health and GET /stats", async () => {
    const server = await startServer()
    const health = await fetch(`${httpUrl(server)}/health`)
    expect(await health.json()).toMatchObject({ status: "ok", version: "1.1.2" })
    const stats = await (await fetch(`${httpUrl(server)}/stats`)).json()
    expect(stats).toMatchObject({ activeConnections: 0, sessions: 0 })
    expect((await fetch(`${httpUrl(server)}/nope`)).status).toBe(404)
  })

  it("adds CORS headers and answers preflights when enableCORS is set", async () => {
    const server = await startServer({ enableCORS: true })
    const preflight = await fetch(`${httpUrl(server)}/haip/messages`, {
      method: "OPTIONS",
      headers: { Origin: "http://app" },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://app")
  })

  it("speaks NDJSON both ways on POST /haip/stream", async () => {
    const server = await startServer()
    const url = new URL(`${httpUrl(server)}/haip/stream`)
    const request = httpRequest(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-ndjson", Authorization: "Bearer T" },
    })
    const response = await new Promise<import("node:http").IncomingMessage>((resolve) => {
      request.on("response", resolve)
      request.write(`${JSON.stringify(frame({ type: "HAI", channel: "SYSTEM" }))}\n`)
      request.write(
        `${JSON.stringify(frame({ type: "TRANSACTION_START", channel: "SYSTEM", transaction: "tmp", payload: { toolName: "script" } }))}\n`,
      )
    })
    expect(response.headers["content-type"]).toBe("application/x-ndjson")
    const reader = new FrameReader(response, false)
    const seen = reader.seen
    const started = await reader.until((f) => f.type === "TRANSACTION_START")
    request.write(
      `${JSON.stringify(frame({ type: "MESSAGE", transaction: started.transaction, payload: "over ndjson" }))}\n`,
    )
    await reader.until((f) => f.type === "RUN_FINISHED")
    expect(seen.find((f) => f.type === "MESSAGE")?.payload).toBe("echo: over ndjson")
    expect(seen[0]!.type).toBe("HAI")
    request.destroy()
  })

  it("refuses a wrong Authorization header on NDJSON and ends a line over maxFrameBytes", async () => {
    const server = await startServer({ maxFrameBytes: 512 })
    server.authenticate((request) => (request.token === "Bearer GOOD" ? { id: "u" } : null))
    const refused = await fetch(`${httpUrl(server)}/haip/stream`, {
      method: "POST",
      headers: { Authorization: "Bearer BAD" },
      body: `${JSON.stringify(frame({ type: "HAI", channel: "SYSTEM" }))}\n`,
    })
    const lines = (await refused.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as HAIPMessage)
    expect(lines.map((line) => line.type)).toEqual(["HAI", "ERROR"])
    expect(lines[1]!.payload.code).toBe("AUTHENTICATION_FAILED")

    const oversized = await fetch(`${httpUrl(server)}/haip/stream`, {
      method: "POST",
      headers: { Authorization: "Bearer GOOD" },
      body: `${JSON.stringify(frame({ type: "HAI", channel: "SYSTEM" }))}\n${"x".repeat(2000)}`,
    })
    const answer = (await oversized.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as HAIPMessage)
    expect(answer.at(-1)!.payload.code).toBe("PAYLOAD_TOO_LARGE")
  })

  it("streams over SSE with the client's frames POSTed to /haip/messages", async () => {
    const server = await startServer({ handshake: "client-first" })
    const controller = new AbortController()
    const response = await fetch(`${httpUrl(server)}/haip/sse?token=T`, {
      signal: controller.signal,
    })
    expect(response.headers.get("content-type")).toBe("text/event-stream")
    const reader = new FrameReader(response.body as unknown as AsyncIterable<Uint8Array>, true)
    const seen = reader.seen
    const hai = await reader.until((f) => f.type === "HAI")
    const session = hai.payload.session as string
    const post = (body: unknown) =>
      fetch(`${httpUrl(server)}/haip/messages?session=${session}`, {
        method: "POST",
        body: JSON.stringify(body),
      })
    const accepted = await post([
      frame({ type: "HAI", channel: "SYSTEM" }),
      frame({
        type: "TRANSACTION_START",
        channel: "SYSTEM",
        transaction: "tmp",
        payload: { toolName: "script" },
      }),
    ])
    expect(accepted.status).toBe(202)
    const started = await reader.until((f) => f.type === "TRANSACTION_START")
    await post(
      frame({ type: "MESSAGE", transaction: started.transaction, payload: "stream over sse" }),
    )
    await reader.until((f) => f.type === "RUN_FINISHED")
    const text = seen
      .filter((f) => f.type === "MESSAGE_PART")
      .map((f) => f.payload.text)
      .join("")
    expect(text).toBe("Hello, world")
    expect((await post({ id: "x", type: "NOPE" })).status).toBe(202)
    const error = await reader.until((f) => f.type === "ERROR")
    expect(error.payload).toMatchObject({ code: "UNSUPPORTED_TYPE", related_id: "x" })
    expect(
      (await fetch(`${httpUrl(server)}/haip/messages?session=nope`, { method: "POST", body: "{}" }))
        .status,
    ).toBe(404)
    const bad = await fetch(`${httpUrl(server)}/haip/messages?session=${session}`, {
      method: "POST",
      body: "{oops",
    })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error).toMatch(/not JSON/)
    controller.abort()
  })
})

describe("noServer mode", () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => {
    await close?.()
    close = undefined
  })

  it("mounts at basePath inside another HTTP server and leaves other paths alone", async () => {
    const haip = new HAIPServer({ noServer: true, basePath: "/haip" })
    haip.registerTool(new ScriptTool())
    const http = createServer(async (request, response) => {
      if (await haip.handleRequest(request, response)) return
      response.writeHead(418).end()
    })
    http.on("upgrade", (request, socket, head) => {
      if (!haip.handleUpgrade(request, socket, head)) socket.destroy()
    })
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve))
    const { port } = http.address() as AddressInfo
    close = async () => {
      await haip.stop()
      http.closeAllConnections()
      await new Promise((resolve) => http.close(resolve))
    }
    expect((await fetch(`http://127.0.0.1:${port}/haip/health`)).status).toBe(200)
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(418)
    const client = await RawClient.connect(`ws://127.0.0.1:${port}/haip`)
    await client.hello()
    const transaction = await client.startTransaction("script")
    client.send({ type: "MESSAGE", transaction, payload: "mounted" })
    const answer = await client.waitForType("MESSAGE")
    expect(answer.payload).toBe("echo: mounted")
    client.kill()
    await expect(RawClient.connect(`ws://127.0.0.1:${port}/elsewhere`)).rejects.toThrow()
    await expect(haip.start()).rejects.toThrow(/noServer/)
  })
})
