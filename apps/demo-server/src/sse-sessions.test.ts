/**
 * The SSE wire's chat sessions are bounded (issue 13 #16: never evicted, 1 MiB messages):
 * a session cap (least recently used first), a transcript cap, an idle TTL, a message cap.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import type { WireEndpoint } from "./endpoint.js"
import { createSseEndpoint, type SseEndpointOptions } from "./sse.js"

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function start(options: SseEndpointOptions): Promise<string> {
  const endpoint: WireEndpoint = createSseEndpoint({ tokenDelayMs: 0, ...options })
  const server: Server = createServer(async (request, response) => {
    if (!(await endpoint.handleRequest?.(request, response))) response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  cleanups.push(async () => {
    await endpoint.close?.()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** One JSON turn (the run finishes before the answer). */
async function turn(base: string, sessionId: string, message: string) {
  const response = await fetch(`${base}/chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message, session_id: sessionId }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const chat = async (base: string, id: string) => fetch(`${base}/_api/chats/${id}`)

describe("SSE chat sessions", () => {
  it("keeps at most maxSessions, evicting the least recently used", async () => {
    const base = await start({ sessions: { maxSessions: 3 } })
    for (const id of ["a", "b", "c"]) expect((await turn(base, id, "hello")).status).toBe(200)
    // "a" used again: "b" is now the least recently used.
    await turn(base, "a", "again")
    for (const id of ["d", "e"]) await turn(base, id, "hello")
    const listed = (await (await fetch(`${base}/_api/chats`)).json()) as { id: string }[]
    expect(listed.map((session) => session.id).sort()).toEqual(["a", "d", "e"])
    expect((await chat(base, "b")).status).toBe(404)
  })

  it("keeps at most maxSessionBytes of transcript, the oldest messages going first", async () => {
    const base = await start({ sessions: { maxSessionBytes: 4000 } })
    for (let index = 0; index < 20; index++) {
      await turn(base, "long", `message ${index} ${"x".repeat(300)}`)
    }
    const session = (await (await chat(base, "long")).json()) as {
      messages: { content: string }[]
      items: unknown[]
    }
    expect(
      JSON.stringify(session.messages).length + JSON.stringify(session.items).length,
    ).toBeLessThanOrEqual(4000)
    expect(session.messages.at(-1)?.content).toBeDefined()
    expect(JSON.stringify(session.messages)).not.toContain("message 0 ")
  })

  it("forgets a session unused for idleTtlMs", async () => {
    const base = await start({ sessions: { idleTtlMs: 50 } })
    await turn(base, "idle", "hello")
    const started = Date.now()
    while ((await chat(base, "idle")).status === 200) {
      if (Date.now() - started > 5000) throw new Error("the idle session was never forgotten")
      await new Promise((resolve) => setTimeout(resolve, 60))
    }
    expect((await chat(base, "idle")).status).toBe(404)
  })

  it("refuses a message longer than maxMessageChars with 413", async () => {
    const base = await start({ maxMessageChars: 1000 })
    const refused = await turn(base, "big", "x".repeat(1001))
    expect(refused.status).toBe(413)
    expect(refused.body.error).toMatch(/1000 characters/)
    expect((await turn(base, "big", "x".repeat(1000))).status).toBe(200)
  })
})
