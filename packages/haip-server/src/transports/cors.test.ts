/** enableCORS over real HTTP and WebSocket on loopback: any origin, or a list of origins. */
import { describe, expect, it } from "vitest"
import { HAIPServer } from "../server.js"
import { connect, startServer } from "../testdata/harness.js"

const allowed = "http://app.example"
const refused = "http://elsewhere.example"
const httpUrl = (server: HAIPServer) => server.url.replace("ws://", "http://")

function preflight(server: HAIPServer, origin: string) {
  return fetch(`${httpUrl(server)}/haip/messages`, {
    method: "OPTIONS",
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "content-type",
    },
  })
}

describe("enableCORS: { origins }", () => {
  it("answers an allowed origin's preflight and requests with its CORS headers", async () => {
    const server = await startServer({ enableCORS: { origins: [allowed] } })
    const answer = await preflight(server, allowed)
    expect(answer.status).toBe(204)
    expect(answer.headers.get("access-control-allow-origin")).toBe(allowed)
    expect(answer.headers.get("access-control-allow-methods")).toContain("POST")
    expect(answer.headers.get("access-control-allow-headers")).toContain("Content-Type")
    expect(answer.headers.get("vary")).toBe("Origin")
    const health = await fetch(`${httpUrl(server)}/health`, { headers: { Origin: allowed } })
    expect(health.status).toBe(200)
    expect(health.headers.get("access-control-allow-origin")).toBe(allowed)
  })

  it("answers another origin's preflight and requests without CORS headers", async () => {
    const server = await startServer({ enableCORS: { origins: [allowed] } })
    const answer = await preflight(server, refused)
    expect(answer.status).toBe(204)
    expect(answer.headers.get("access-control-allow-origin")).toBeNull()
    expect(answer.headers.get("access-control-allow-methods")).toBeNull()
    expect(answer.headers.get("vary")).toBe("Origin")
    const health = await fetch(`${httpUrl(server)}/health`, { headers: { Origin: refused } })
    expect(health.status).toBe(200)
    expect(health.headers.get("access-control-allow-origin")).toBeNull()
  })

  it("takes WebSocket upgrades from an allowed origin and from clients with no Origin, refuses others with 403", async () => {
    const server = await startServer({ enableCORS: { origins: [allowed] } })
    const page = await connect(server, "/", { headers: { Origin: allowed } })
    await page.hello()
    const node = await connect(server)
    await node.hello()
    await expect(connect(server, "/", { headers: { Origin: refused } })).rejects.toThrow(/403/)
    // The refused page left no connection behind.
    const stats = await (await fetch(`${httpUrl(server)}/stats`)).json()
    expect(stats).toMatchObject({ activeConnections: 2 })
  })

  it("matches origins as browsers send them, and refuses a setting that names no origin", async () => {
    const server = await startServer({ enableCORS: { origins: ["HTTP://App.Example:80/"] } })
    const answer = await preflight(server, allowed)
    expect(answer.headers.get("access-control-allow-origin")).toBe(allowed)
    for (const origins of [["app.example"], ["https://app.example/chat"], ["ftp://app.example"]]) {
      expect(() => new HAIPServer({ enableCORS: { origins } })).toThrow(
        /enableCORS\.origins holds .* which is not an origin/,
      )
    }
  })
})

describe("enableCORS: true", () => {
  it("allows any origin, over HTTP and WebSocket", async () => {
    const server = await startServer({ enableCORS: true })
    for (const origin of [allowed, refused]) {
      const answer = await preflight(server, origin)
      expect(answer.status).toBe(204)
      expect(answer.headers.get("access-control-allow-origin")).toBe(origin)
      const client = await connect(server, "/", { headers: { Origin: origin } })
      await client.hello()
    }
  })
})
