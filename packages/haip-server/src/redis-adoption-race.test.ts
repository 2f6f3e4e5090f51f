// A session taken over from a dead instance for a client that leaves while the takeover is on
// its way: it must wait for a resume for its TTL and then end, like any session whose client
// left, never stay on the instance for good (no TTL, never evicted, a session slot lost).
import { randomUUID } from "node:crypto"
import { expect, it, vi } from "vitest"
import { redisStore } from "./redis/index.js"
import { HAIPServer } from "./server.js"
import type { SessionStore } from "./session-store.js"
import { connectTo, useRedis } from "./testdata/redis-harness.js"
import { ScriptTool } from "./testdata/tools.js"

const redis = useRedis()

/**
 * The other instance's store: it sees the home instance dead once `homeDead` is set, and each
 * takeover waits for `allowTakeOver` (the test closes the client meanwhile).
 */
function gatedStore(url: string, prefix: string) {
  const store = redisStore({ url, prefix, instanceId: "other", heartbeatMs: 200 })
  const state = { homeDead: false }
  let takeOverAsked: () => void = () => {}
  const asked = new Promise<void>((resolve) => {
    takeOverAsked = resolve
  })
  let allowTakeOver: () => void = () => {}
  const allowed = new Promise<void>((resolve) => {
    allowTakeOver = resolve
  })
  const gated: SessionStore = Object.create(store)
  gated.isAlive = (instanceId) =>
    instanceId === "home" && state.homeDead ? Promise.resolve(false) : store.isAlive(instanceId)
  gated.takeOver = async (id, previous, home) => {
    takeOverAsked()
    await allowed
    return store.takeOver(id, previous, home)
  }
  return { store, gated, state, asked, allowTakeOver }
}

async function startPair() {
  const url = redis().url
  const prefix = `adoption-${randomUUID()}:`
  const homeStore = redisStore({ url, prefix, instanceId: "home", heartbeatMs: 200 })
  // Client-first: the home's one HAI answers the client's, once the shared store has the
  // session. (Server-first, the HAI on connect comes before the client's is even read: a
  // client killed on it may leave no session behind, and the resume elsewhere then fails.)
  const home = new HAIPServer({
    port: 0,
    host: "127.0.0.1",
    store: homeStore,
    handshake: "client-first",
  })
  home.registerTool(new ScriptTool())
  await home.start()
  const other = gatedStore(url, prefix)
  const server = new HAIPServer({
    port: 0,
    host: "127.0.0.1",
    store: other.gated,
    handshake: "client-first",
    sessionTtlMs: 300,
  })
  server.registerTool(new ScriptTool())
  await server.start()
  const first = await connectTo(home.url)
  const session = (await first.hello()).session
  first.kill()
  await first.closed
  const stop = async () => {
    await server.stop()
    await home.stop()
    await other.store.close()
    await homeStore.close()
  }
  return { server, other, session, stop }
}

function resumeHai(session: string) {
  return {
    type: "HAI" as const,
    channel: "SYSTEM",
    payload: { haip_version: "1.1.2", accept_major: [1], session, last_rx_seq: "0" },
  }
}

/** The client leaves while the takeover waits; then the session is taken, and must expire. */
async function leaveDuringTakeOver(
  server: HAIPServer,
  other: ReturnType<typeof gatedStore>,
  client: Awaited<ReturnType<typeof connectTo>>,
) {
  await other.asked
  client.kill()
  await client.closed
  await vi.waitUntil(() => server.getStats().activeConnections === 0, { timeout: 5000 })
  other.allowTakeOver()
  await vi.waitUntil(() => server.getStats().sessions === 1, { timeout: 5000, interval: 5 })
  await vi.waitUntil(() => server.getStats().sessions === 0, { timeout: 5000 })
}

it("ends, after its TTL, a session taken over in a handshake whose client left meanwhile", async () => {
  const { server, other, session, stop } = await startPair()
  try {
    other.state.homeDead = true
    const client = await connectTo(server.url)
    client.send(resumeHai(session))
    await leaveDuringTakeOver(server, other, client)
    expect(server.getStats().sessions).toBe(0)
  } finally {
    await stop()
  }
})

it("ends, after its TTL, a relayed session taken over when its client left meanwhile", async () => {
  const { server, other, session, stop } = await startPair()
  try {
    const client = await connectTo(server.url)
    client.send(resumeHai(session))
    await client.waitFor((frame) => frame.type === "HAI" && frame.payload.resumed === true)
    // The relay's watch finds the home dead at its next beat, and the takeover starts.
    other.state.homeDead = true
    await leaveDuringTakeOver(server, other, client)
    expect(server.getStats().sessions).toBe(0)
  } finally {
    await stop()
  }
})
