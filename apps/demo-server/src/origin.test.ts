/**
 * The demo server answers browsers of the allowed origins only, and only under this machine's
 * names (issue 13 #14: any web page could list, read and delete chats and open the sockets).
 */
import { afterEach, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { listFromEnv } from "./origin.js"
import { createDemoServer, type DemoServer, type DemoServerOptions } from "./server.js"

const servers: DemoServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(options: DemoServerOptions = {}): Promise<DemoServer> {
  const server = await createDemoServer({ port: 0, tokenDelayMs: 1, ...options })
  servers.push(server)
  return server
}

const PLAYGROUND = "http://127.0.0.1:5173"
const EVIL = "https://evil.example"

/** Opens a WebSocket; resolves "open" or the HTTP status that refused the upgrade. */
function upgrade(url: string, headers: Record<string, string>, protocol?: string) {
  return new Promise<number | "open">((resolve, reject) => {
    const socket = new WebSocket(url, protocol ? [protocol] : [], { headers })
    socket.once("open", () => {
      socket.terminate()
      resolve("open")
    })
    socket.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0)
      socket.terminate()
    })
    socket.once("error", (error) => reject(error))
  })
}

describe("CORS", () => {
  it("refuses another origin's requests with 403 and no CORS headers", async () => {
    const server = await start()
    for (const [method, path] of [
      ["GET", "/_api/chats"],
      ["DELETE", "/_api/chats/someone"],
      ["OPTIONS", "/_api/chats/someone"],
      ["POST", "/chat"],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { method, headers: { Origin: EVIL } })
      expect(response.status, `${method} ${path}`).toBe(403)
      expect(response.headers.get("access-control-allow-origin")).toBeNull()
      expect((await response.json()).error).toMatch(/ALLOWED_ORIGINS/)
    }
  })

  it("answers the playground's origin with its CORS headers, and clients that send no Origin", async () => {
    const server = await start()
    const preflight = await fetch(`${server.url}/_api/chats/x`, {
      method: "OPTIONS",
      headers: { Origin: PLAYGROUND, "Access-Control-Request-Method": "DELETE" },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe(PLAYGROUND)
    const listed = await fetch(`${server.url}/_api/chats`, {
      headers: { Origin: "http://localhost:5173" },
    })
    expect(listed.status).toBe(200)
    expect(listed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173")
    expect((await fetch(`${server.url}/_api/chats`)).status).toBe(200)
  })

  it("takes its origins from allowedOrigins (ALLOWED_ORIGINS for npm start)", async () => {
    const server = await start({ allowedOrigins: listFromEnv("http://app.test:3000, ") ?? [] })
    const allowed = await fetch(`${server.url}/health`, {
      headers: { Origin: "http://app.test:3000" },
    })
    expect(allowed.status).toBe(200)
    const playground = await fetch(`${server.url}/health`, { headers: { Origin: PLAYGROUND } })
    expect(playground.status).toBe(403)
  })

  it("refuses a Host that is not this machine's (DNS rebinding)", async () => {
    const server = await start()
    const { request } = await import("node:http")
    const status = await new Promise<number>((resolve, reject) => {
      request(`${server.url}/_api/chats`, { headers: { Host: `evil.example:${server.port}` } })
        .on("response", (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        })
        .on("error", reject)
        .end()
    })
    expect(status).toBe(403)
  })
})

describe("WebSocket upgrades", () => {
  it("refuses /haip and /graphql upgrades from another origin or under another Host", async () => {
    const server = await start()
    const ws = server.url.replace("http", "ws")
    const graphql = "graphql-transport-ws"
    expect(await upgrade(`${ws}/haip`, { Origin: EVIL })).toBe(403)
    expect(await upgrade(`${ws}/graphql`, { Origin: EVIL }, graphql)).toBe(403)
    expect(await upgrade(`${ws}/haip`, { Host: `evil.example:${server.port}` })).toBe(403)
    expect(await upgrade(`${ws}/haip`, { Origin: PLAYGROUND })).toBe("open")
    expect(await upgrade(`${ws}/graphql`, { Origin: PLAYGROUND }, graphql)).toBe("open")
    expect(await upgrade(`${ws}/haip`, {})).toBe("open")
  })
})
