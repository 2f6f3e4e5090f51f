/** Resume requests the server cannot honour, repeats by seq, and where seq starts. */
import { describe, expect, it } from "vitest"
import { connect, readyClient, startServer } from "./testdata/harness.js"
import { REFERENCE_SDK_EVENTS } from "./testing/reference-sdk-client.js"

describe("a resume the server cannot honour", () => {
  it.each([
    ["last_rx_seq without a session", () => ({ last_rx_seq: "3" }), /no session/],
    ["an unknown session", () => ({ session: "no-such-session", last_rx_seq: "1" }), /expired/],
    [
      "a last_rx_seq beyond what the session sent",
      (session: string) => ({ session, last_rx_seq: "999" }),
      /beyond the last seq/,
    ],
    [
      "a last_rx_seq that is not decimal",
      (session: string) => ({ session, last_rx_seq: "17x" }),
      /not a decimal/,
    ],
  ])("gets RESUME_FAILED, then a HAI for a fresh session: %s", async (_name, hello, reason) => {
    const server = await startServer({ handshake: "client-first" })
    const { client } = await readyClient(server)
    const session = client.frames.find((frame) => frame.type === "HAI")!.session
    client.kill()
    await client.closed
    const again = await connect(server)
    again.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { haip_version: "1.1.2", accept_major: [1], ...hello(session) },
    })
    const error = await again.waitForType("ERROR")
    expect(error.payload.code).toBe("RESUME_FAILED")
    expect(error.payload.message).toMatch(reason)
    const hai = await again.waitForType("HAI")
    expect(hai.payload.resumed).toBeUndefined()
    expect(hai.session).not.toBe(session)
  })
})

describe("seq", () => {
  it("numbers the first frame after the handshake 1", async () => {
    const server = await startServer()
    const { client } = await readyClient(server)
    const first = client.frames.find((frame) => frame.type !== "HAI")
    expect(first).toMatchObject({ type: "TRANSACTION_START", seq: "1" })
  })

  it("drops a spec client's frame whose seq it has already had, though its id is new", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    const first = client.send({ type: "MESSAGE", transaction, payload: "one" })
    await client.waitForType("RUN_FINISHED")
    client.sendRaw(JSON.stringify({ ...first, id: "another-id", payload: "again" }))
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "fence" } })
    await client.waitForType("PONG")
    const answers = client.frames.filter((frame) => frame.type === "MESSAGE")
    expect(answers.map((frame) => frame.payload)).toEqual(["echo: one"])
  })

  it("takes every frame of a reference-generation client, whose timestamp seqs can repeat", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server, {
      accept_events: [...REFERENCE_SDK_EVENTS],
    })
    const seq = String(Date.now())
    client.send({ type: "MESSAGE", transaction, seq, payload: "one" })
    client.send({ type: "MESSAGE", transaction, seq, payload: "two" })
    await client.waitFor(
      () => client.frames.filter((frame) => frame.type === "MESSAGE").length === 2,
    )
    const answers = client.frames.filter((frame) => frame.type === "MESSAGE")
    expect(answers.map((frame) => frame.payload)).toEqual(["echo: one", "echo: two"])
  })
})

describe("a reconnecting reference SDK", () => {
  /** A reference-generation client with a transaction, one turn done, then its socket killed. */
  async function departed(server: Awaited<ReturnType<typeof startServer>>, token: string) {
    const client = await connect(server, "/", { headers: { authorization: token } })
    await client.hello({ accept_events: [...REFERENCE_SDK_EVENTS] })
    const transaction = await client.startTransaction("script")
    client.send({ type: "MESSAGE", transaction, payload: "one" })
    await client.waitFor((frame) => frame.payload === "echo: one")
    client.kill()
    await client.closed
    return transaction
  }

  function byToken(server: Awaited<ReturnType<typeof startServer>>) {
    server.authenticate((request) => (request.token ? { id: `user-${request.token}` } : null))
  }

  it("goes on in its transaction: the MESSAGE it sends before its HAI is answered there, with the history", async () => {
    const server = await startServer()
    byToken(server)
    const transaction = await departed(server, "A")
    const again = await connect(server, "/", { headers: { authorization: "A" } })
    again.send({ type: "MESSAGE", transaction, payload: "queued while away" })
    await again.hello({ accept_events: [...REFERENCE_SDK_EVENTS] })
    const answer = await again.waitForType("MESSAGE")
    expect(answer).toMatchObject({ transaction, payload: "echo: queued while away" })
    again.send({ type: "MESSAGE", transaction, payload: "history" })
    const history = await again.waitFor((frame) => String(frame.payload).startsWith("USER: one"))
    expect(history.payload).toContain("AGENT: echo: queued while away")
    expect(again.typesSince(0)).not.toContain("ERROR:TRANSACTION_NOT_FOUND")
  })

  it("cannot take the transaction of another identity: TRANSACTION_NOT_FOUND, no close", async () => {
    const server = await startServer()
    byToken(server)
    const transaction = await departed(server, "A")
    const other = await connect(server, "/", { headers: { authorization: "B" } })
    await other.hello({ accept_events: [...REFERENCE_SDK_EVENTS] })
    const sent = other.send({ type: "MESSAGE", transaction, payload: "not mine" })
    const error = await other.waitForType("ERROR")
    expect(error.payload).toMatchObject({ code: "TRANSACTION_NOT_FOUND", related_id: sent.id })
    const fresh = await other.startTransaction("script")
    other.send({ type: "MESSAGE", transaction: fresh, payload: "mine" })
    expect((await other.waitForType("MESSAGE")).payload).toBe("echo: mine")
  })
})
