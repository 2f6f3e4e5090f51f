import { describe, expect, it } from "vitest"
import { connect, readyClient, startServer } from "./testdata/harness.js"

describe("bad input", () => {
  it("answers invalid JSON, unknown types and missing fields with clear ERRORs and stays open", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    const from = client.mark()
    client.sendRaw("{this is not json")
    client.sendRaw(JSON.stringify({ id: "u1", type: "TELEPORT", payload: {} }))
    client.sendRaw(
      JSON.stringify({ id: "m1", type: "MESSAGE_PART", transaction, payload: { text: "x" } }),
    )
    client.sendRaw(JSON.stringify({ type: "PING", payload: {} }))
    client.sendRaw("[]")
    client.send({ type: "MESSAGE", transaction, payload: "still here?" })
    const answer = await client.waitFor((frame) => frame.type === "MESSAGE", from)
    expect(answer.payload).toBe("echo: still here?")
    const errors = client.frames
      .slice(from)
      .filter((frame) => frame.type === "ERROR")
      .map((frame) => frame.payload)
    expect(errors.map((error) => error.code)).toEqual([
      "PROTOCOL_VIOLATION",
      "UNSUPPORTED_TYPE",
      "PROTOCOL_VIOLATION",
      "PROTOCOL_VIOLATION",
      "PROTOCOL_VIOLATION",
    ])
    expect(errors[1]).toMatchObject({ related_id: "u1" })
    expect(errors[2].message).toMatch(/message_id/)
  })

  it("drops a duplicated frame (same id) instead of answering it twice", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    const frame = client.send({ type: "MESSAGE", transaction, payload: "once" })
    client.sendRaw(JSON.stringify(frame))
    client.send({ type: "MESSAGE", transaction, payload: "twice" })
    await client.waitFor((f) => f.type === "MESSAGE" && f.payload === "echo: twice")
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(
      client.frames.filter((f) => f.type === "MESSAGE" && f.payload === "echo: once"),
    ).toHaveLength(1)
  })

  it("answers MESSAGE_PART for a message never started, and a second HAI, without closing", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    client.send({ type: "MESSAGE_PART", transaction, payload: { message_id: "nope", text: "x" } })
    client.send({ type: "HAI", channel: "SYSTEM", payload: {} })
    await client.waitFor(
      (frame) => frame.type === "ERROR" && /HAI once/.test(frame.payload.message),
    )
    expect(
      client.frames.filter((frame) => frame.type === "ERROR").map((f) => f.payload.code),
    ).toEqual(["PROTOCOL_VIOLATION", "PROTOCOL_VIOLATION"])
    client.send({ type: "MESSAGE_START", transaction, payload: { message_id: "m", text: "put " } })
    client.send({
      type: "MESSAGE_PART",
      transaction,
      payload: { message_id: "m", text: "together" },
    })
    client.send({ type: "MESSAGE_END", transaction, payload: { message_id: "m" } })
    const answer = await client.waitFor((frame) => frame.type === "MESSAGE")
    expect(answer.payload).toBe("echo: put together")
  })

  it("caps the transactions a session can open", async () => {
    const server = await startServer()
    const { client } = await readyClient(server)
    for (let index = 1; index < 100; index++) await client.startTransaction("script")
    await expect(client.startTransaction("script")).rejects.toThrow(
      /RUN_LIMIT_EXCEEDED.*100 transactions/,
    )
  })

  it("answers a frame over maxFrameBytes with PAYLOAD_TOO_LARGE and closes 1009", async () => {
    const server = await startServer({ maxFrameBytes: 1024 })
    const { client, transaction } = await readyClient(server)
    client.send({ type: "MESSAGE", transaction, payload: "x".repeat(2000) })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("PAYLOAD_TOO_LARGE")
    expect(error.payload.message).toMatch(/at most 1024/)
    expect((await client.closed).code).toBe(1009)
  })

  it("rate-limits a flood with one RATE_LIMITED per second and keeps the connection", async () => {
    const server = await startServer({ rateLimit: 50 })
    const { client } = await readyClient(server)
    for (let index = 0; index < 200; index++)
      client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: `n${index}` } })
    const error = await client.waitFor((frame) => frame.type === "ERROR")
    expect(error.payload.code).toBe("RATE_LIMITED")
    await new Promise((resolve) => setTimeout(resolve, 1100))
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "after" } })
    await client.waitFor((frame) => frame.type === "PONG" && frame.payload.nonce === "after")
    expect(client.frames.filter((frame) => frame.type === "ERROR")).toHaveLength(1)
    expect(client.frames.filter((frame) => frame.type === "PONG").length).toBeLessThanOrEqual(51)
  })

  it("closes a connection whose flood goes on for seconds (1008)", async () => {
    const server = await startServer({ rateLimit: 5 })
    const { client } = await readyClient(server)
    const flood = setInterval(() => {
      for (let index = 0; index < 20; index++)
        client.send({ type: "PING", channel: "SYSTEM", payload: {} })
    }, 100)
    const closed = await client.closed
    clearInterval(flood)
    expect(closed.code).toBe(1008)
    expect(client.frames.filter((frame) => frame.type === "ERROR").at(-1)!.payload.message).toMatch(
      /went on/,
    )
  }, 15_000)

  it("keeps a good client streaming while a bad client is refused next to it", async () => {
    const server = await startServer({ maxFrameBytes: 4096 })
    const good = await readyClient(server)
    good.client.send({ type: "MESSAGE", transaction: good.transaction, payload: "many 500" })
    const bad = await connect(server)
    bad.sendRaw("garbage")
    bad.sendRaw("x".repeat(10_000))
    expect((await bad.closed).code).toBe(1008)
    const worse = await readyClient(server)
    worse.client.sendRaw("y".repeat(10_000))
    expect((await worse.client.closed).code).toBe(1009)
    await good.client.waitForType("RUN_FINISHED")
    expect(good.client.frames.filter((frame) => frame.type === "MESSAGE_PART")).toHaveLength(500)
    expect(good.client.frames.some((frame) => frame.type === "ERROR")).toBe(false)
  })
})

describe("connection limit", () => {
  it("refuses connections beyond maxConnections with an ERROR and close 1013", async () => {
    const server = await startServer({ maxConnections: 1 })
    await readyClient(server)
    const second = await connect(server)
    const error = await second.waitForType("ERROR")
    expect(error.payload.message).toMatch(/limit of 1 connections/)
    expect((await second.closed).code).toBe(1013)
  })
})

describe("heartbeat", () => {
  it("closes a connection that answers nothing, not even a WebSocket ping", async () => {
    const server = await startServer({ heartbeatInterval: 100 })
    const client = await connect(server, "/", { autoPong: false })
    await client.hello()
    await client.startTransaction("script")
    const ping = await client.waitForType("PING")
    client.send({ type: "PONG", channel: "SYSTEM", payload: { nonce: ping.payload.nonce } })
    const closed = await client.closed
    expect(closed.code).toBe(1001)
    expect(client.frames.filter((frame) => frame.type === "PING").length).toBeGreaterThanOrEqual(2)
  })

  it("keeps a connection that answers WebSocket pings though it never sends a HAIP PONG", async () => {
    // Long enough that a loaded machine's pause before the WebSocket pong is not taken for death.
    const server = await startServer({ heartbeatInterval: 300 })
    const { client, transaction } = await readyClient(server)
    let pings = 0
    await client.waitFor((frame) => frame.type === "PING" && ++pings >= 10, 0, 30_000)
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: "whole" })
    await client.waitForType("RUN_FINISHED", from)
    expect(client.typesSince(from, transaction)).toEqual(["RUN_STARTED", "MESSAGE", "RUN_FINISHED"])
  }, 40_000)
})
