/**
 * The memory budget, the session cap and send back-pressure over real sockets: each case is an
 * attack of issue 13 made small (the RSS figures are in memory-attacks.test.ts).
 */
import { describe, expect, it } from "vitest"
import type { HAIPServer } from "./server.js"
import { connect, readyClient, startServer } from "./testdata/harness.js"
import type { RawClient } from "./testdata/raw-client.js"

/** Waits for a condition of the server's state (checked as the event loop turns, never a fixed sleep). */
async function until(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Sends `count` messages of `size` characters and waits for the echo of the last one. */
async function flood(client: RawClient, transaction: string, count: number, size: number) {
  const from = client.mark()
  for (let index = 0; index < count; index++) {
    client.send({ type: "MESSAGE", transaction, payload: `${index}:${"x".repeat(size)}` })
  }
  await client.waitFor(
    (frame) => frame.type === "MESSAGE" && String(frame.payload).startsWith(`echo: ${count - 1}:`),
    from,
    20_000,
  )
}

const MiB = 1024 * 1024

describe("memory budget", () => {
  it("keeps a flooding client's session within maxSessionBytes and tells it with an ERROR", async () => {
    const server = await startServer({ maxSessionBytes: 2 * MiB, rateLimit: 0 })
    const { client } = await readyClient(server)
    const transactions: string[] = [
      await client.startTransaction("script"),
      await client.startTransaction("script"),
      await client.startTransaction("script"),
    ]
    for (const transaction of transactions) await flood(client, transaction, 20, 100_000)
    expect(server.getStats().keptBytes).toBeLessThanOrEqual(2 * MiB)
    const error = client.frames.find(
      (frame) => frame.type === "ERROR" && frame.payload.detail?.budget === "session",
    )
    expect(error?.payload).toMatchObject({ code: "RATE_LIMITED", detail: { limit_bytes: 2 * MiB } })
    // Still served, and history reads what is left.
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction: transactions[0] ?? "", payload: "still here" })
    await client.waitFor((frame) => frame.payload === "echo: still here", from)
  })

  it("keeps sessions whose connection left within maxServerBytes, departed ones paying first", async () => {
    const server = await startServer({
      maxSessionBytes: 2 * MiB,
      maxServerBytes: 4 * MiB,
      rateLimit: 0,
    })
    const stayer = await readyClient(server)
    await flood(stayer.client, stayer.transaction, 10, 100_000)
    const stayerBytes = server.getStats().keptBytes
    for (let round = 0; round < 5; round++) {
      const { client, transaction } = await readyClient(server)
      await flood(client, transaction, 15, 100_000)
      client.kill()
      await client.closed
    }
    await until(() => server.getStats().activeConnections === 1, "the departures")
    expect(server.getStats().keptBytes).toBeLessThanOrEqual(4 * MiB)
    expect(server.getStats().sessions).toBe(6)
    // The one still connected kept everything it had: the departed sessions paid.
    const from = stayer.client.mark()
    stayer.client.send({ type: "MESSAGE", transaction: stayer.transaction, payload: "history" })
    const answer = await stayer.client.waitFor((frame) => frame.type === "MESSAGE", from)
    expect(
      String(answer.payload)
        .split("\n")
        .filter((line) => line.startsWith("USER")),
    ).toHaveLength(10)
    expect(stayerBytes).toBeGreaterThan(MiB)
  })
})

describe("streamed messages being gathered", () => {
  it("counts them in the session's budget and drops the one that would go over it", async () => {
    const server = await startServer({ maxSessionBytes: 2 * MiB, rateLimit: 0 })
    const { client, transaction } = await readyClient(server)
    const part = "y".repeat(400_000)
    // Eight messages of 800,000 characters, all left open: 6.4 M characters in all.
    for (let index = 0; index < 8; index++) {
      const payload = { message_id: `open-${index}`, text: part }
      client.send({ type: "MESSAGE_START", transaction, payload })
      client.send({ type: "MESSAGE_PART", transaction, payload })
    }
    const error = await client.waitFor(
      (frame) => frame.type === "ERROR" && frame.payload.code === "PAYLOAD_TOO_LARGE",
    )
    expect(error.payload.message).toMatch(/was dropped/)
    expect(error.payload.detail).toMatchObject({ budget: "session", limit_bytes: 2 * MiB })
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "still here" })
    await client.waitFor((frame) => frame.payload === "echo: still here", from)
    expect(server.getStats().keptBytes).toBeLessThanOrEqual(2 * MiB)
  })
})

describe("session and connection caps", () => {
  it("evicts the session whose connection left longest ago when at maxSessions", async () => {
    const server = await startServer({ maxSessions: 2, sessionTtlMs: 60_000 })
    const first = await readyClient(server)
    const firstSession = first.client.frames[0]!.session
    first.client.kill()
    await first.client.closed
    const second = await readyClient(server)
    second.client.kill()
    await second.client.closed
    await until(() => server.getStats().activeConnections === 0, "the departures")
    const third = await connect(server)
    third.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { session: firstSession, last_rx_seq: "0" },
    })
    const error = await third.waitForType("ERROR")
    expect(error.payload.code).toBe("RESUME_FAILED")
    expect(server.getStats().sessions).toBeLessThanOrEqual(2)
  })

  it("refuses a connection with RATE_LIMITED and 1013 when every session is attached", async () => {
    const server = await startServer({ maxSessions: 2 })
    await readyClient(server)
    await readyClient(server)
    const third = await connect(server)
    const error = await third.waitForType("ERROR")
    expect(error.payload).toMatchObject({ code: "RATE_LIMITED" })
    expect(error.payload.message).toMatch(/2 sessions/)
    expect((await third.closed).code).toBe(1013)
  })
})

describe("send back-pressure", () => {
  /** A client whose replay window holds about `bytes`, which then stops reading. */
  async function stalledClient(server: HAIPServer, bytes: number) {
    const { client, transaction } = await readyClient(server)
    await flood(client, transaction, Math.ceil(bytes / 100_000), 100_000)
    client.socket.pause()
    return { client, transaction }
  }

  it("answers one REPLAY_REQUEST at a time, and none while the client does not read", async () => {
    const server = await startServer({
      sendHighWaterBytes: 256 * 1024,
      rateLimit: 0,
      replayRequestsPerMinute: 0,
    })
    const { client } = await stalledClient(server, 6 * MiB)
    const from = client.mark()
    for (let index = 0; index < 40; index++) {
      client.send({ type: "REPLAY_REQUEST", channel: "SYSTEM", payload: { from_seq: "1" } })
    }
    // Another client is served meanwhile.
    const other = await readyClient(server)
    other.client.send({ type: "MESSAGE", transaction: other.transaction, payload: "hi" })
    await other.client.waitFor((frame) => frame.payload === "echo: hi")
    client.socket.resume()
    const refusals = () =>
      client.frames
        .slice(from)
        .filter((frame) => frame.type === "ERROR" && frame.payload.code === "RATE_LIMITED")
    // The loopback socket's kernel buffers (up to tens of MiB with autotuning) take a few
    // replays before the server's own fills: from then on, nothing more is sent, and the
    // requests are refused instead of queued (before: all 40, 240 MiB, were queued).
    await until(() => refusals().length >= 25, "most replays refused")
    expect(refusals()[0]?.payload.message).toMatch(/still being sent/)
  })

  it("closes a connection that stays over the high-water mark for sendStallTimeoutMs", async () => {
    const server = await startServer({
      sendHighWaterBytes: 256 * 1024,
      sendStallTimeoutMs: 300,
      rateLimit: 0,
      replayRequestsPerMinute: 0,
    })
    const { client } = await stalledClient(server, 3 * MiB)
    // The client keeps asking for replays and never reads, until the server gives up on it. A
    // fixed number of requests raced the kernel: those arriving during a replay are refused, so
    // 40 read at once could send just a replay or two, which the loopback socket buffers (tens of
    // MiB with autotuning) took whole; the server's buffer drained and nothing was left to send.
    const asking = setInterval(() => {
      client.send({ type: "REPLAY_REQUEST", channel: "SYSTEM", payload: { from_seq: "1" } })
    }, 20)
    try {
      await until(
        () => server.getStats().activeConnections === 0,
        "the stalled connection to close",
      )
    } finally {
      clearInterval(asking)
    }
  })

  it("limits REPLAY_REQUESTs to replayRequestsPerMinute", async () => {
    const server = await startServer({ replayRequestsPerMinute: 60 })
    const { client } = await readyClient(server)
    const from = client.mark()
    for (let index = 0; index < 12; index++) {
      client.send({ type: "REPLAY_REQUEST", channel: "SYSTEM", payload: { from_seq: "1" } })
    }
    await until(
      () => client.frames.slice(from).some((frame) => frame.type === "ERROR"),
      "a refused replay",
    )
    const refused = client.frames
      .slice(from)
      .filter((frame) => frame.type === "ERROR" && frame.payload.code === "RATE_LIMITED")
    expect(refused[0]?.payload.message).toMatch(/REPLAY_REQUESTs a minute/)
  })
})
