// Sessions across instances on a real redis-server (started here; the file fails when there is
// none): resume on the other instance, an instance killed mid-run, Redis restarted mid-stream.
import { Redis } from "ioredis"
import { describe, expect, it, vi } from "vitest"
import { HAIPServer } from "./server.js"
import type { RawClient } from "./testdata/raw-client.js"
import {
  connectTo,
  roundRobin,
  spawnInstance,
  startInstances,
  testStore,
  useRedis,
} from "./testdata/redis-harness.js"
import { ScriptTool } from "./testdata/tools.js"
import type { HAIPMessage } from "./types.js"

const redis = useRedis()
const wordOf = (frame: HAIPMessage) => Number(/word(\d+)/.exec(frame.payload.text)?.[1])
const isResumedHai = (frame: HAIPMessage) => frame.type === "HAI" && frame.payload.resumed === true

/** Connects through the proxy and resumes `session` from `lastRx`. */
async function resume(
  url: string,
  session: string,
  lastRx: number,
  extra: Record<string, unknown> = {},
): Promise<RawClient> {
  const client = await connectTo(url)
  client.send({
    type: "HAI",
    channel: "SYSTEM",
    payload: {
      haip_version: "1.1.2",
      accept_major: [1],
      session,
      last_rx_seq: String(lastRx),
      ...extra,
    },
  })
  await client.waitFor((frame) => isResumedHai(frame) || frame.payload?.code === "RESUME_FAILED")
  return client
}

/** Frames of the session's sequence (HAI and errors outside a session have seq 0). */
const sequenced = (client: RawClient) => client.frames.filter((frame) => Number(frame.seq) > 0)

describe("sessions on Redis across two instances", () => {
  it("loses and repeats nothing when the connection is killed 100 times, each reconnect on the other instance", async () => {
    const { servers } = await startInstances(redis().url, 2)
    const proxy = await roundRobin(servers.map((server) => server.port))
    let client = await connectTo(proxy.url)
    const session = (await client.hello()).session
    const transaction = await client.startTransaction("script")
    client.send({ type: "MESSAGE", transaction, payload: "slow" })
    const received: HAIPMessage[] = []
    const finished = () => received.some((frame) => frame.type === "RUN_FINISHED")
    for (let kill = 0; kill < 100; kill++) {
      const lastRx = Number(received.at(-1)?.seq ?? 0)
      // Each connection carries at least one new frame while the answer is still streaming.
      if (!finished())
        await client.waitFor((frame) => frame.type !== "HAI" && Number(frame.seq) > lastRx)
      client.kill()
      await client.closed
      received.push(...sequenced(client))
      client = await resume(proxy.url, session, Number(received.at(-1)!.seq))
      const refused = client.frames.find((frame) => frame.payload?.code === "RESUME_FAILED")
      expect(refused?.payload.message).toBeUndefined()
      expect(client.frames.find(isResumedHai)?.session).toBe(session)
    }
    await client.waitForType("RUN_FINISHED", 0, 30_000)
    received.push(...sequenced(client))

    const seqs = received.map((frame) => Number(frame.seq))
    expect(seqs).toEqual(seqs.map((_, index) => index + 1))
    const words = received.filter((frame) => frame.type === "MESSAGE_PART").map(wordOf)
    expect(words).toEqual(words.map((_, index) => index))
    expect(words).toHaveLength(1000)
    // 101 connections alternated between the two instances (plus the first one's handshake).
    const connections = servers.map((server) => server.getStats().totalConnections)
    expect(connections).toEqual([51, 50])
  }, 60_000)

  it("ends the run of a killed instance with a clear error; the other instance serves the next turn", async () => {
    const url = redis().url
    const { servers, prefix } = await startInstances(url, 1)
    const doomed = await spawnInstance(url, prefix, "doomed")
    const proxy = await roundRobin([doomed.port, servers[0]!.port])
    const client = await connectTo(proxy.url)
    const session = (await client.hello()).session
    const transaction = await client.startTransaction("script")
    client.send({ type: "MESSAGE", transaction, payload: "slow" })
    await client.waitFor((frame) => frame.type === "MESSAGE_PART" && wordOf(frame) >= 5)
    await doomed.kill()
    await client.closed
    const before = sequenced(client)

    const again = await resume(proxy.url, session, Number(before.at(-1)!.seq))
    const error = await again.waitFor((frame) => frame.payload?.detail?.reason === "instance_lost")
    expect(error.type).toBe("ERROR")
    expect(error.payload.message).toMatch(/stopped before it finished.*will not run again/)
    const finished = await again.waitForType("RUN_FINISHED")
    expect(finished.payload.status).toBe("ERROR")

    const next = await again.startTransaction("script")
    again.send({ type: "MESSAGE", transaction: next, payload: "stream" })
    const mark = again.frames.indexOf(finished)
    await again.waitFor(
      (frame) => frame.type === "RUN_FINISHED" && frame.transaction === next,
      mark + 1,
    )
    const all = [...before, ...sequenced(again)]
    const seqs = all.map((frame) => Number(frame.seq))
    expect(seqs).toEqual(seqs.map((_, index) => index + 1))
    // The interrupted run never ran again: no word of it came after its RUN_FINISHED.
    const afterEnd = sequenced(again).slice(sequenced(again).indexOf(finished))
    expect(
      afterEnd.filter(
        (frame) => frame.transaction === transaction && frame.type === "MESSAGE_PART",
      ),
    ).toEqual([])
  }, 60_000)

  it("answers with a clear error when Redis restarts mid-stream (or loses nothing), then works again without a crash", async () => {
    const { servers } = await startInstances(redis().url, 2)
    const proxy = await roundRobin(servers.map((server) => server.port))
    const first = await connectTo(proxy.url)
    const session = (await first.hello()).session
    const transaction = await first.startTransaction("script")
    first.send({ type: "MESSAGE", transaction, payload: "slow" })
    await first.waitFor((frame) => frame.type === "MESSAGE_PART" && wordOf(frame) >= 3)
    first.kill()
    await first.closed
    const relayed = await resume(proxy.url, session, Number(sequenced(first).at(-1)!.seq))
    await relayed.waitFor((frame) => frame.type === "MESSAGE_PART" && wordOf(frame) >= 10)

    await redis().restart()
    // Either the relay ends with a clear error, or (when its subscription came back before any
    // frame was announced, which a slow machine allows) it goes on without losing a frame.
    const outcome = await relayed.waitFor(
      (frame) => frame.payload?.code === "RESUME_FAILED" || frame.type === "RUN_FINISHED",
      0,
      15_000,
    )
    const contiguous = (clients: RawClient[]) => {
      const seqs = clients.flatMap(sequenced).map((frame) => Number(frame.seq))
      expect(seqs).toEqual(seqs.map((_, index) => index + 1))
    }
    let after = relayed
    if (outcome.type === "RUN_FINISHED") {
      contiguous([first, relayed])
    } else {
      expect(outcome.payload.message).toMatch(/session store/)
      await relayed.closed
      // Redis is back, empty but for what was sent since: the resume goes on where the client
      // stopped when every frame after it is there, and says RESUME_FAILED when some were lost.
      after = await resume(proxy.url, session, Number(sequenced(relayed).at(-1)!.seq))
      if (!after.frames.some((frame) => frame.payload?.code === "RESUME_FAILED")) {
        await after.waitForType("RUN_FINISHED", 0, 15_000)
        contiguous([first, relayed, after])
      }
    }
    const fresh = await after.startTransaction("script")
    after.send({ type: "MESSAGE", transaction: fresh, payload: "stream" })
    await after.waitFor(
      (frame) => frame.type === "RUN_FINISHED" && frame.transaction === fresh,
      0,
      15_000,
    )
  }, 60_000)

  it("holds a relayed client to the credits it granted; its frames reach the home instance", async () => {
    const { servers } = await startInstances(redis().url, 2)
    const proxy = await roundRobin(servers.map((server) => server.port))
    const first = await connectTo(proxy.url)
    const session = (await first.hello()).session
    const transaction = await first.startTransaction("script")
    first.kill()
    await first.closed
    const relayed = await resume(proxy.url, session, Number(sequenced(first).at(-1)!.seq), {
      capabilities: { flow_control: { initial_credit_messages: 3, initial_credit_bytes: 100_000 } },
    })
    expect(servers[1]!.getStats().totalConnections).toBe(1)
    relayed.send({ type: "MESSAGE", transaction, payload: "many 10" })
    await relayed.waitFor((frame) => frame.type === "MESSAGE_PART")
    // The PONG goes after every frame the credits let out, ahead of those still waiting.
    relayed.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "relayed" } })
    await relayed.waitForType("PONG")
    expect(relayed.frames.filter((frame) => frame.channel === "AGENT")).toHaveLength(3)
    expect(relayed.frames.some((frame) => frame.type === "RUN_FINISHED")).toBe(false)
    relayed.send({
      type: "FLOW_UPDATE",
      channel: "SYSTEM",
      payload: { channel: "AGENT", add_messages: 20, add_bytes: 0 },
    })
    await relayed.waitForType("RUN_FINISHED")
    expect(relayed.frames.filter((frame) => frame.type === "MESSAGE_PART")).toHaveLength(10)
  })

  it("ends a relay, not the process, when something else writes garbage on the session's keys", async () => {
    const { servers, prefix } = await startInstances(redis().url, 2)
    const proxy = await roundRobin(servers.map((server) => server.port))
    const first = await connectTo(proxy.url)
    const session = (await first.hello()).session
    const transaction = await first.startTransaction("script")
    first.kill()
    await first.closed
    const relayed = await resume(proxy.url, session, Number(sequenced(first).at(-1)!.seq))
    const intruder = new Redis(redis().url)
    const announcements = `${prefix}n:${session}`
    try {
      // The relay answers HAI before its subscription reaches Redis; garbage published earlier
      // would reach no one.
      await vi.waitUntil(
        async () => ((await intruder.pubsub("NUMSUB", announcements)) as [string, number])[1] > 0,
        { timeout: 8000, interval: 10 },
      )
      await intruder.xadd(`${prefix}i:${session}`, "*", "m", "not json")
      await intruder.publish(announcements, "not json either")
    } finally {
      intruder.disconnect()
    }
    const error = await relayed.waitFor((frame) => frame.payload?.code === "RESUME_FAILED")
    expect(error.payload.message).toMatch(/session store/)
    // The home instance skipped the bad entry and still hears the session's client through the
    // other instance (a spare connection first, so that the resume lands there).
    await connectTo(proxy.url)
    const again = await resume(proxy.url, session, Number(sequenced(relayed).at(-1)?.seq ?? 0))
    again.send({ type: "MESSAGE", transaction, payload: "stream" })
    await again.waitForType("RUN_FINISHED")
    expect(servers.map((server) => server.getStats().totalConnections)).toEqual([2, 2])
  })

  it("records an authenticated session in the store with its owner and home instance", async () => {
    const store = testStore(redis().url, "isolated:", "solo")
    const server = new HAIPServer({ port: 0, host: "127.0.0.1", store })
    server.registerTool(new ScriptTool())
    await server.start()
    try {
      const client = await connectTo(server.url)
      const hai = await client.hello()
      await client.startTransaction("script")
      expect(await store.loadSession(hai.session)).toMatchObject({ home: "solo", owner: "" })
    } finally {
      await server.stop()
    }
  })
})
