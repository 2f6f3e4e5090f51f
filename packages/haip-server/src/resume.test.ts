import { describe, expect, it } from "vitest"
import { connect, readyClient, startServer } from "./testdata/harness.js"

const partIndex = (text: string) => Number(/word(\d+)/.exec(text)?.[1])

describe("resume and replay", () => {
  it.each(["server-first", "client-first"] as const)(
    "resumes a session after a socket kill with nothing lost or repeated (%s)",
    async (handshake) => {
      const server = await startServer({ handshake })
      const { client, transaction } = await readyClient(server)
      const session = client.frames.find((frame) => frame.type === "HAI")!.session
      client.send({ type: "MESSAGE", transaction, payload: "slow" })
      await client.waitFor(
        (frame) => frame.type === "MESSAGE_PART" && partIndex(frame.payload.text) >= 5,
      )
      client.kill()
      await client.closed
      const before = client.frames.filter((frame) => frame.type !== "HAI")
      const lastRx = Number(before.at(-1)!.seq)
      await new Promise((resolve) => setTimeout(resolve, 60))

      const again = await connect(server)
      const hai = await again.hello({ session, last_rx_seq: String(lastRx) })
      const resumed =
        hai.session === session
          ? hai
          : await again.waitFor((frame) => frame.type === "HAI" && frame.session === session)
      expect(resumed.payload).toMatchObject({ session, resumed: true })
      await again.waitFor(
        (frame) => frame.type === "MESSAGE_PART" && partIndex(frame.payload.text) >= 15,
      )
      const runId = before.find((frame) => frame.type === "RUN_STARTED")!.run_id!
      again.send({ type: "RUN_CANCEL", channel: "SYSTEM", transaction, run_id: runId, payload: {} })
      await again.waitForType("RUN_FINISHED")

      const after = again.frames.filter((frame) => frame.type !== "HAI")
      const seqs = [...before, ...after].map((frame) => Number(frame.seq))
      expect(seqs).toEqual(seqs.map((_, index) => index + 1))
      const words = [...before, ...after]
        .filter((frame) => frame.type === "MESSAGE_PART")
        .map((frame) => partIndex(frame.payload.text))
      expect(words).toEqual(words.map((_, index) => index))
    },
  )

  it("answers a resume of an unknown session with RESUME_FAILED and a fresh session's HAI", async () => {
    const server = await startServer({ handshake: "client-first" })
    const client = await connect(server)
    client.send({ type: "HAI", channel: "SYSTEM", payload: { session: "gone", last_rx_seq: "5" } })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("RESUME_FAILED")
    expect(error.payload.message).toMatch(/reload/)
    const hai = await client.waitForType("HAI")
    expect(hai.session).not.toBe("gone")
    await client.startTransaction("script")
  })

  it("refuses to resume another user's session", async () => {
    const server = await startServer()
    server.authenticate((request) => ({ id: String(request.token) }))
    const alice = await connect(server)
    await alice.hello({ auth: { token: "alice" } })
    const session = alice.frames[0]!.session
    alice.kill()
    await alice.closed
    const mallory = await connect(server)
    mallory.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { auth: { token: "mallory" }, session, last_rx_seq: "0" },
    })
    const error = await mallory.waitForType("ERROR")
    expect(error.payload).toMatchObject({ code: "RESUME_FAILED" })
    // The same answer as for a session that does not exist (identity.test.ts compares them).
    expect(error.payload.message).toMatch(/expired, never existed or was opened by another/)
  })

  it("forgets a session after sessionTtlMs", async () => {
    const server = await startServer({ sessionTtlMs: 30 })
    const { client } = await readyClient(server)
    const session = client.frames[0]!.session
    client.kill()
    await client.closed
    await new Promise((resolve) => setTimeout(resolve, 120))
    const again = await connect(server)
    again.send({ type: "HAI", channel: "SYSTEM", payload: { session, last_rx_seq: "1" } })
    const error = await again.waitForType("ERROR")
    expect(error.payload.code).toBe("RESUME_FAILED")
  })

  it("resends a range on REPLAY_REQUEST with the original seqs", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    client.send({ type: "MESSAGE", transaction, payload: "stream" })
    await client.waitForType("RUN_FINISHED")
    const originals = client.frames.filter((frame) => ["2", "3", "4"].includes(frame.seq))
    const from = client.mark()
    client.send({
      type: "REPLAY_REQUEST",
      channel: "SYSTEM",
      payload: { from_seq: "2", to_seq: "4" },
    })
    await client.waitFor((frame) => frame.seq === "4", from)
    expect(client.frames.slice(from)).toEqual(originals)
  })

  it("answers REPLAY_REQUEST for frames no longer kept with REPLAY_TOO_OLD", async () => {
    const server = await startServer({ replayWindowSize: 3, replayWindowTime: 0 })
    const { client, transaction } = await readyClient(server)
    client.send({ type: "MESSAGE", transaction, payload: "many 20" })
    await client.waitForType("RUN_FINISHED")
    const from = client.mark()
    client.send({ type: "REPLAY_REQUEST", channel: "SYSTEM", payload: { from_seq: "1" } })
    const error = await client.waitForType("ERROR", from)
    expect(error.payload.code).toBe("REPLAY_TOO_OLD")
    expect(error.payload.message).toMatch(/no longer kept/)
  })
})
