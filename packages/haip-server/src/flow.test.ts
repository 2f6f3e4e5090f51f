import { describe, expect, it } from "vitest"
import { connect, readyClient, startServer } from "./testdata/harness.js"
import type { RawClient } from "./testdata/raw-client.js"
import { production } from "./testdata/tools.js"

/** Grants the server credits back as a real client would: after every `every` AGENT data frames. */
function grantAsConsumed(client: RawClient, every: number): void {
  let consumed = 0
  let bytes = 0
  client.socket.on("message", (data) => {
    const frame = JSON.parse(data.toString())
    if (frame.channel !== "AGENT") return
    consumed += 1
    bytes += Buffer.byteLength(data.toString())
    if (consumed >= every) {
      client.send({
        type: "FLOW_UPDATE",
        channel: "SYSTEM",
        payload: { channel: "AGENT", add_messages: consumed, add_bytes: bytes },
      })
      consumed = 0
      bytes = 0
    }
  })
}

describe("flow control", () => {
  it("streams 10,000 messages to a client granting 20 at a time without a stall or overrun", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server, {
      capabilities: {
        flow_control: { initial_credit_messages: 20, initial_credit_bytes: 64 * 1024 },
      },
    })
    let outstanding = 0
    let maxOutstanding = 0
    client.socket.on("message", (data) => {
      const frame = JSON.parse(data.toString())
      if (frame.channel === "AGENT") maxOutstanding = Math.max(maxOutstanding, ++outstanding)
    })
    client.socket.on("message", () => {})
    let granted = 0
    client.socket.on("message", (data) => {
      const frame = JSON.parse(data.toString())
      if (frame.channel !== "AGENT") return
      granted += 1
      if (granted === 10) {
        outstanding -= 10
        client.send({
          type: "FLOW_UPDATE",
          channel: "SYSTEM",
          payload: { channel: "AGENT", add_messages: 10, add_bytes: 10_000 },
        })
        granted = 0
      }
    })
    client.send({ type: "MESSAGE", transaction, payload: "many 10000" })
    await client.waitForType("RUN_FINISHED", 0, 30_000)
    const parts = client.frames.filter((frame) => frame.type === "MESSAGE_PART")
    expect(parts).toHaveLength(10_000)
    expect(parts.at(-1)!.payload.text).toBe("9999 ")
    expect(maxOutstanding).toBeLessThanOrEqual(20)
  })

  it("queues while the client grants nothing and drains on FLOW_UPDATE (never drops)", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server, {
      capabilities: { flow_control: { initial_credit_messages: 3, initial_credit_bytes: 100_000 } },
    })
    client.send({ type: "MESSAGE", transaction, payload: "many 10" })
    await client.waitFor((frame) => frame.type === "MESSAGE_PART")
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(client.frames.filter((frame) => frame.channel === "AGENT")).toHaveLength(3)
    expect(client.frames.some((frame) => frame.type === "RUN_FINISHED")).toBe(false)
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "alive" } })
    await client.waitForType("PONG")
    grantAsConsumed(client, 1)
    client.send({
      type: "FLOW_UPDATE",
      channel: "SYSTEM",
      payload: { channel: "AGENT", add_messages: 3, add_bytes: 0 },
    })
    await client.waitForType("RUN_FINISHED")
    expect(client.frames.filter((frame) => frame.type === "MESSAGE_PART")).toHaveLength(10)
  })

  it("holds a paused channel and resumes it", async () => {
    const server = await startServer()
    const { client, transaction } = await readyClient(server)
    client.send({ type: "PAUSE_CHANNEL", channel: "SYSTEM", payload: { channel: "AGENT" } })
    client.send({ type: "MESSAGE", transaction, payload: "hello" })
    await client.waitForType("RUN_STARTED")
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(client.frames.some((frame) => frame.type === "MESSAGE")).toBe(false)
    client.send({ type: "RESUME_CHANNEL", channel: "SYSTEM", payload: { channel: "AGENT" } })
    const answer = await client.waitForType("MESSAGE")
    expect(answer.payload).toBe("echo: hello")
  })

  it("takes 10,000 client messages in a row, granting credits back as it goes", async () => {
    const server = await startServer({
      rateLimit: 0,
      maxConcurrentRuns: 20_000,
      flowControl: { initialCreditMessages: 100, initialCreditBytes: 1024 * 1024 },
    })
    const { client, transaction } = await readyClient(server)
    let credits = 100
    const pending: number[] = []
    client.socket.on("message", (data) => {
      const frame = JSON.parse(data.toString())
      if (frame.type === "FLOW_UPDATE" && frame.payload.channel === "USER") {
        credits += frame.payload.add_messages
        while (credits > 0 && pending.length > 0) {
          credits -= 1
          client.send({ type: "MESSAGE", transaction, payload: `m${pending.shift()}` })
        }
      }
    })
    for (let index = 0; index < 10_000; index++) {
      if (credits > 0) {
        credits -= 1
        client.send({ type: "MESSAGE", transaction, payload: `m${index}` })
      } else {
        pending.push(index)
      }
    }
    await client.waitFor(
      (frame) => frame.type === "MESSAGE" && frame.payload === "echo: m9999",
      0,
      30_000,
    )
    expect(client.frames.filter((frame) => frame.type === "MESSAGE")).toHaveLength(10_000)
    expect(client.frames.some((frame) => frame.type === "ERROR")).toBe(false)
  })

  it("answers a client that over-runs its credits with FLOW_CONTROL_VIOLATION", async () => {
    const server = await startServer({
      flowControl: { initialCreditMessages: 2, initialCreditBytes: 100_000, creditThreshold: 100 },
      flowGrantDelayMs: 10_000,
    })
    const client = await connect(server)
    const hai = await client.hello()
    expect(hai.payload.capabilities.flow_control).toEqual({
      initial_credit_messages: 2,
      initial_credit_bytes: 100_000,
    })
    const transaction = await client.startTransaction("script")
    for (let index = 0; index < 3; index++)
      client.send({ type: "MESSAGE", transaction, payload: `m${index}` })
    const error = await client.waitFor((frame) => frame.type === "ERROR")
    expect(error.payload.code).toBe("FLOW_CONTROL_VIOLATION")
    expect(error.payload.message).toMatch(/wait for FLOW_UPDATE/)
  })

  it("announces no flow control and enforces none when disabled", async () => {
    const server = await startServer({ flowControl: { enabled: false } })
    const client = await connect(server)
    const hai = await client.hello()
    expect(hai.payload.capabilities.flow_control).toBeUndefined()
  })

  it("slows a tool that awaits whenWritable() down to what the client takes", async () => {
    const server = await startServer({ maxQueuedFrames: 50 })
    const { client, transaction } = await readyClient(server, {
      capabilities: {
        flow_control: { initial_credit_messages: 10, initial_credit_bytes: 100_000 },
      },
    })
    client.send({ type: "MESSAGE", transaction, payload: "produce 5000" })
    await client.waitForType("MESSAGE_PART")
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(production.parts).toBeLessThanOrEqual(10 + 50 + 1)
    grantAsConsumed(client, 5)
    client.send({
      type: "FLOW_UPDATE",
      channel: "SYSTEM",
      payload: { channel: "AGENT", add_messages: 10, add_bytes: 0 },
    })
    await client.waitForType("RUN_FINISHED", 0, 20_000)
    expect(production.parts).toBe(5000)
    expect(client.frames.filter((frame) => frame.type === "MESSAGE_PART")).toHaveLength(5000)
  })
})
