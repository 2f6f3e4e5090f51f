// A client relayed to its session's home instance is held to the heartbeat as a local one is: a
// connection that answers nothing, not even a WebSocket ping, is closed (1001) and its session
// waits on the home instance for a resume, then ends. A relayed link has no session on the
// relaying instance, and the heartbeat used to pass over links without one: a half-open relayed
// connection kept its session attached on the home instance for good.
import { expect, it, vi } from "vitest"
import type { HAIPServer, HAIPServerOptions } from "./server.js"
import { RawClient } from "./testdata/raw-client.js"
import { startRelayPair, useRedis } from "./testdata/redis-harness.js"

const redis = useRedis()

/** A home instance holding one session whose client left, and another instance to resume on. */
const startPair = (relayingOptions: HAIPServerOptions) =>
  startRelayPair(redis().url, { home: { sessionTtlMs: 3000 }, relaying: relayingOptions })

/** Resumes `session` on `server`, relayed; resolves once the relaying instance answered. */
async function resumeRelayed(server: HAIPServer, session: string, autoPong: boolean) {
  const client = await RawClient.connect(server.url, { autoPong })
  client.send({
    type: "HAI",
    channel: "SYSTEM",
    payload: { haip_version: "1.1.2", accept_major: [1], session, last_rx_seq: "0" },
  })
  await client.waitFor((frame) => frame.type === "HAI" && frame.payload.resumed === true)
  return client
}

it("closes a relayed connection that answers nothing, and the home instance's session then ends", async () => {
  const { home, relaying, session } = await startPair({ heartbeatInterval: 100 })
  const client = await resumeRelayed(relaying, session, false)
  try {
    let closedWith: number | undefined
    client.closed.then(({ code }) => {
      closedWith = code
    })
    await vi.waitUntil(() => closedWith !== undefined, { timeout: 8000 })
    expect(closedWith).toBe(1001)
    expect(home.getStats().sessions).toBe(1)
    // The relay told the home its client left: the session waits for its TTL, then ends.
    await vi.waitUntil(() => home.getStats().sessions === 0, { timeout: 8000 })
  } finally {
    client.kill()
  }
})

it("keeps a relayed connection that answers WebSocket pings, and goes on relaying its frames both ways", async () => {
  const { relaying, session } = await startPair({ heartbeatInterval: 100 })
  const client = await resumeRelayed(relaying, session, true)
  try {
    let pings = 0
    client.socket.on("ping", () => {
      pings += 1
    })
    await vi.waitUntil(() => pings >= 5, { timeout: 8000 })
    // Its HAIP PINGs are answered by the home instance, through the relay.
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "relayed" } })
    await client.waitFor((frame) => frame.type === "PONG" && frame.payload.nonce === "relayed")
    const transaction = await client.startTransaction("script")
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "whole" })
    await client.waitForType("RUN_FINISHED", from)
    expect(client.typesSince(from, transaction)).toEqual(["RUN_STARTED", "MESSAGE", "RUN_FINISHED"])
  } finally {
    client.kill()
  }
})
