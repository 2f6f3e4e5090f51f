// A client relayed to its session's home instance gets the heartbeat's HAIP PINGs as a client
// connected to the home does: the home instance numbers the session's frames, so it sends the
// PING on its own round, and the frame reaches the client through the relay like any other.
// The relaying instance here runs no heartbeat at all, so every PING the client sees is the home's.
import { expect, it, vi } from "vitest"
import { RawClient } from "./testdata/raw-client.js"
import { startRelayPair, useRedis } from "./testdata/redis-harness.js"
import type { HAIPMessage } from "./types.js"

const redis = useRedis()
const HEARTBEAT_MS = 100

/** A home instance with a short heartbeat holding one session whose client left, and a relay. */
const startPair = () =>
  startRelayPair(redis().url, {
    home: { heartbeatInterval: HEARTBEAT_MS },
    relaying: { heartbeatInterval: 0 },
  })

/** Resumes `session` on `url` from after `lastRx`; a client PING with `nonce` follows at once. */
async function resume(url: string, session: string, lastRx: number, nonce: string) {
  const client = await RawClient.connect(url)
  client.send({
    type: "HAI",
    channel: "SYSTEM",
    payload: { haip_version: "1.1.2", accept_major: [1], session, last_rx_seq: String(lastRx) },
  })
  client.send({ type: "PING", channel: "SYSTEM", payload: { nonce } })
  await client.waitFor((frame) => frame.type === "HAI" && frame.payload.resumed === true)
  await client.waitFor((frame) => frame.type === "PONG" && frame.payload.nonce === nonce)
  return client
}

const pings = (client: RawClient) => client.frames.filter((frame) => frame.type === "PING")
/** The seqs of the session's frames (HAI stands outside the sequence). */
const sequence = (frames: HAIPMessage[]) =>
  frames.filter((frame) => frame.type !== "HAI").map((frame) => Number(frame.seq))

it("sends the home instance's PINGs to a relayed client, in the session's sequence, once a round", async () => {
  const { home, relaying, session } = await startPair()
  // A client of the home's own: it gets one PING each round, so it counts the rounds.
  const clock = await RawClient.connect(home.url)
  await clock.hello()
  const client = await resume(relaying.url, session, 0, "relayed")
  try {
    const transaction = await client.startTransaction("script")
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "whole" })
    const finished = await client.waitForType("RUN_FINISHED", from)
    const ping = await client.waitFor(
      (frame) => frame.type === "PING" && Number(frame.seq) > Number(finished.seq),
    )
    expect(ping.channel).toBe("SYSTEM")
    expect(ping.session).toBe(session)
    expect(typeof ping.payload.nonce).toBe("string")
    expect(ping.payload.nonce).not.toBe("")
    // Every frame of the session, the PINGs among them, numbered from 1 without a gap or repeat.
    const seqs = sequence(client.frames)
    expect(seqs).toEqual(seqs.map((_, index) => index + 1))

    // One PING a round: the clock, pinged on the same rounds, has had at least as many (one may
    // still be on its way to it while the relayed one arrived).
    await vi.waitUntil(() => pings(client).length >= 6, { timeout: 8000 })
    expect(pings(client).length).toBeLessThanOrEqual(pings(clock).length + 1)
    expect(new Set(pings(client).map((frame) => frame.payload.nonce)).size).toBe(
      pings(client).length,
    )
  } finally {
    client.kill()
    clock.kill()
  }
})

it("sends no PING into a relayed session whose client left, and none is queued for its resume", async () => {
  const { home, relaying, session } = await startPair()
  const clock = await RawClient.connect(home.url)
  await clock.hello()
  const relayed = await resume(relaying.url, session, 0, "relayed")
  const resumed: RawClient[] = []
  try {
    await relayed.waitForType("PING")
    const lastSeq = Math.max(...sequence(relayed.frames))
    relayed.close()
    await relayed.closed
    // Six rounds of the home's heartbeat pass while nobody is attached to the session.
    const seen = pings(clock).length
    await vi.waitUntil(() => pings(clock).length >= seen + 6, { timeout: 8000 })
    // Resumed on the home: a PING queued meanwhile would be numbered after the session's last
    // frame (the HAI's last_tx_seq; what comes up to it is replayed) and go out on attach, before
    // the PONG answering the client's PING sent with its HAI. At most one round may fall between.
    const client = await resume(home.url, session, lastSeq, "back")
    resumed.push(client)
    const hai = client.frames.find((frame) => frame.type === "HAI" && frame.payload.resumed)
    const lastTx = Number(hai?.payload.last_tx_seq)
    const pong = client.frames.findIndex((frame) => frame.type === "PONG")
    const fresh = client.frames
      .slice(0, pong)
      .filter((frame) => frame.type === "PING" && Number(frame.seq) > lastTx)
    expect(fresh.length).toBeLessThanOrEqual(1)
    // The PINGs go on after the resume, continuing the session's sequence.
    const from = client.mark()
    const next = await client.waitForType("PING", from)
    expect(Number(next.seq)).toBeGreaterThan(lastSeq)
    const seqs = sequence(client.frames)
    expect(seqs).toEqual(seqs.map((_, index) => lastSeq + index + 1))
  } finally {
    for (const client of resumed) client.kill()
    relayed.kill()
    clock.kill()
  }
})
