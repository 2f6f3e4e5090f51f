// How the home instance hears what relays leave for it, in order (a rare failure of the 100-kill
// test in redis-sessions.test.ts: a resumed HAI, then nothing). A relay's attach read late, after
// the client left that relay and resumed on the home itself, took the session from the new
// connection and closed it; here the late read is made certain (the attach is in the stream, its
// doorbell rings only after the resume). And a doorbell subscribed while the connection to Redis
// was being set up was lost for good, so the home read its inbox only on heartbeats.
import { randomUUID } from "node:crypto"
import { Redis } from "ioredis"
import { expect, it, vi } from "vitest"
import { redisStore } from "./redis/index.js"
import { HAIPServer } from "./server.js"
import type { InboundMessage, SessionStore } from "./session-store.js"
import { connectTo, useRedis } from "./testdata/redis-harness.js"
import { ScriptTool } from "./testdata/tools.js"

const redis = useRedis()

/** The store, with a promise of the first attach its home handled. */
function watchedStore(url: string, prefix: string) {
  // No heartbeat within the test: the inbox is read only when its doorbell rings (or when a
  // resume asks for it).
  const store = redisStore({ url, prefix, instanceId: "home", heartbeatMs: 60_000 })
  let handledAttach: () => void = () => {}
  const attachHandled = new Promise<void>((resolve) => {
    handledAttach = resolve
  })
  const watched: SessionStore = Object.create(store)
  watched.onInbound = (sessionId, handler) =>
    store.onInbound(sessionId, (message) => {
      handler(message)
      if (message.kind === "attach") handledAttach()
    })
  return { store, watched, attachHandled }
}

it("keeps a client that resumed on the home instance when a relay's earlier attach is read after it", async () => {
  const url = redis().url
  const prefix = `order-${randomUUID()}:`
  const { store, watched, attachHandled } = watchedStore(url, prefix)
  const server = new HAIPServer({ port: 0, host: "127.0.0.1", store: watched })
  server.registerTool(new ScriptTool())
  await server.start()
  const intruder = new Redis(url)
  try {
    const first = await connectTo(server.url)
    const session = (await first.hello()).session
    const transaction = await first.startTransaction("script")
    first.kill()
    await first.closed
    const lastRx = first.frames.at(-1)!.seq
    // What a relay on another instance writes when the client resumes there; the client then
    // left it (before the home read it) and comes back to the home.
    const hai = {
      type: "HAI",
      channel: "SYSTEM",
      seq: "1",
      payload: { haip_version: "1.1.2", accept_major: [1], session, last_rx_seq: lastRx },
    }
    const attach = { kind: "attach", via: "a-relay-the-client-left", hai }
    await intruder.xadd(`${prefix}i:${session}`, "*", "m", JSON.stringify(attach))

    const again = await connectTo(server.url)
    let closed = false
    again.closed.then(() => {
      closed = true
    })
    again.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { haip_version: "1.1.2", accept_major: [1], session, last_rx_seq: lastRx },
    })
    const resumed = await again.waitFor((frame) => frame.type === "HAI" && frame.payload.resumed)
    expect(resumed.session).toBe(session)
    // The relay's doorbell, late: the home reads the attach now if it has not yet. Rung until
    // it is read: a ring while the store's subscriber (re)connects reaches no one.
    let handled = false
    attachHandled.then(() => {
      handled = true
    })
    await vi.waitUntil(
      async () => {
        await intruder.publish(`${prefix}d:${session}`, "1")
        return handled
      },
      { timeout: 8000, interval: 20 },
    )

    again.send({ type: "MESSAGE", transaction, payload: "stream" })
    const finished = await again.waitForType("RUN_FINISHED")
    expect(finished.transaction).toBe(transaction)
    expect(closed).toBe(false)
  } finally {
    intruder.disconnect()
    await server.stop()
    await store.close()
  }
})

it("hears a session's doorbell when it subscribed while the connection to Redis was being set up", async () => {
  const url = redis().url
  const prefix = `doorbell-${randomUUID()}:`
  // No heartbeat within the test: only the doorbell makes the home read its inbox.
  const store = redisStore({ url, prefix, instanceId: "home", heartbeatMs: 60_000, onError() {} })
  const intruder = new Redis(url)
  const session = randomUUID()
  const heard: InboundMessage[] = []
  try {
    // The moment that lost the subscription: connected, its ready check not yet answered.
    const subscriber = (store as unknown as { subscriber: Redis }).subscriber
    await new Promise<void>((resolve) => {
      subscriber.once("connect", () => {
        store.onInbound(session, (message) => heard.push(message))
        resolve()
      })
    })
    await store.inboundCaughtUp?.(session)
    const message = { kind: "detach", via: "a-relay" }
    await intruder.xadd(`${prefix}i:${session}`, "*", "m", JSON.stringify(message))
    // Rung until heard: a ring before the subscription reaches Redis reaches no one.
    await vi.waitUntil(
      async () => {
        await intruder.publish(`${prefix}d:${session}`, "1")
        return heard.length > 0
      },
      { timeout: 8000, interval: 20 },
    )
    expect(heard).toEqual([message])
  } finally {
    intruder.disconnect()
    await store.close()
  }
})
