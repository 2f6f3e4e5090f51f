import { waitFor } from "@aichatkit/haip-server/testing"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import { createHAIPClient, type HAIPClientImpl } from "./client.js"
import type { HAIPWarning } from "./connection-events.js"
import type { HAIPError } from "./errors.js"
import { type RawServer, startRawServer } from "./testdata/raw-server.js"
import type { HAIPMessage } from "./types.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function connected(
  options: {
    heartbeatInterval?: number
    replayGapDelay?: number
    maxReconnectAttempts?: number
    reconnectDelay?: number
  } = {},
): Promise<{
  raw: RawServer
  client: HAIPClientImpl
  messages: HAIPMessage[]
  errors: HAIPError[]
}> {
  const raw = await startRawServer()
  const client = createHAIPClient({
    url: raw.url,
    heartbeatInterval: 0,
    maxReconnectAttempts: 0,
    ...options,
  })
  cleanups.push(() => raw.close())
  cleanups.push(() => client.disconnect())
  const messages: HAIPMessage[] = []
  const errors: HAIPError[] = []
  client.on("message", (message) => messages.push(message))
  client.on("error", (error) => errors.push(error))
  await client.connect()
  return { raw, client, messages, errors }
}

describe("a server that sends garbage", () => {
  it("reports each unusable frame with a clear error and keeps the connection", async () => {
    const { raw, client, messages, errors } = await connected()
    raw.send("{oops")
    raw.send(JSON.stringify({ id: "1", type: "NOPE" }))
    raw.send(
      JSON.stringify({ id: "3", seq: "1", type: "MESSAGE_PART", payload: { message_id: "m" } }),
    )
    raw.send("x".repeat(2 * 1024 * 1024))
    raw.send(raw.frame(1, "MESSAGE", "still fine"))
    await waitFor(() => messages.length === 1, "the good frame")
    expect(errors.map((error) => error.code)).toEqual([
      "PROTOCOL_VIOLATION",
      "UNSUPPORTED_TYPE",
      "INVALID_MESSAGE",
      "PAYLOAD_TOO_LARGE",
    ])
    for (const error of errors)
      expect(error.message).toMatch(
        /^[A-Z_]+: The server sent a frame the client cannot use: .+ It was skipped\.$/,
      )
    expect(messages[0]?.payload).toBe("still fine")
    expect(client.isConnected()).toBe(true)
  })
})

describe("a server that fills fields differently", () => {
  it("delivers the frame, reports a warning per field it put right, and no error", async () => {
    const { raw, client, messages, errors } = await connected()
    const warnings: HAIPWarning[] = []
    client.on("warning", (warning) => warnings.push(warning))
    const unusual = {
      ...JSON.parse(raw.frame(1, "MESSAGE", "one")),
      channel: "agent",
      ack: "soon",
    }
    raw.send(JSON.stringify(unusual))
    raw.send(raw.frame(2, "MESSAGE", "two"))
    await waitFor(() => messages.length === 2, "both frames")
    expect(messages.map((message) => [message.payload, message.channel])).toEqual([
      ["one", "AGENT"],
      ["two", "AGENT"],
    ])
    expect(warnings.map((warning) => [warning.code, warning.frameId])).toEqual([
      ["UNEXPECTED_FIELD", unusual.id],
      ["UNEXPECTED_FIELD", unusual.id],
    ])
    expect(warnings.map((warning) => warning.message).join(" ")).toMatch(/channel "agent".*ack/)
    expect(errors).toEqual([])
  })

  it("delivers a frame with a non-decimal seq from a counting server as it comes, with a warning", async () => {
    const { raw, client, messages, errors } = await connected({ replayGapDelay: 60_000 })
    const warnings: HAIPWarning[] = []
    client.on("warning", (warning) => warnings.push(warning))
    raw.send(raw.frame(1, "MESSAGE", "1"))
    raw.send(JSON.stringify({ ...JSON.parse(raw.frame(0, "MESSAGE", "odd")), seq: "2x" }))
    raw.send(raw.frame(2, "MESSAGE", "2"))
    await waitFor(() => messages.length === 3, "three frames")
    expect(messages.map((message) => message.payload)).toEqual(["1", "odd", "2"])
    expect(warnings.map((warning) => warning.code)).toEqual(["UNORDERED_FRAME"])
    expect(client.getConnectionState().lastAck).toBe("2")
    expect(errors).toEqual([])
  })
})

describe("a server that refuses the handshake", () => {
  it("takes the reference's NOT HAI as one final PROTOCOL_VIOLATION and does not reconnect", async () => {
    const { raw, client, errors } = await connected({ maxReconnectAttempts: 5, reconnectDelay: 1 })
    const reconnects: number[] = []
    client.on("reconnecting", ({ attempt }) => reconnects.push(attempt))
    raw.send(raw.frame(0, "ERROR", { code: "NOT HAI", message: "First message must be HAI" }))
    await waitFor(() => client.phase === "closed", "the client to give up")
    expect(errors.map((error) => error.code)).toEqual(["PROTOCOL_VIOLATION"])
    expect(errors[0]?.message).toMatch(/refused the handshake \(First message must be HAI\)/)
    expect(reconnects).toEqual([])
    await expect(client.sendMessage({ type: "PING" })).rejects.toMatchObject({
      code: "PROTOCOL_VIOLATION",
    })
  })
})

describe("seq bookkeeping against a bare server", () => {
  it("asks for a gap with REPLAY_REQUEST and delivers in order once it is filled", async () => {
    const { raw, messages } = await connected({ replayGapDelay: 30 })
    raw.send(raw.frame(1, "MESSAGE", "1"))
    raw.send(raw.frame(3, "MESSAGE", "3"))
    const request = await waitFor(
      () =>
        raw.received
          .map((text) => JSON.parse(text) as { type: string; payload: unknown })
          .find((frame) => frame.type === "REPLAY_REQUEST"),
      "a replay request",
    )
    expect(request.payload).toEqual({ from_seq: "2", to_seq: "2" })
    expect(messages.map((message) => message.payload)).toEqual(["1"])
    raw.send(raw.frame(2, "MESSAGE", "2"))
    await waitFor(() => messages.length === 3, "the filled gap")
    expect(messages.map((message) => message.payload)).toEqual(["1", "2", "3"])
  })

  it("orders nothing, asks no replay and sends no ack when the server's seqs are not decimal, even if it says it resumes", async () => {
    const raw = await startRawServer({
      capabilities: { resume: true },
      seq: "1796418744396efija06mj",
    })
    cleanups.push(() => raw.close())
    const client = createHAIPClient({
      url: raw.url,
      heartbeatInterval: 0,
      maxReconnectAttempts: 0,
      replayGapDelay: 10,
    })
    cleanups.push(() => client.disconnect())
    const messages: HAIPMessage[] = []
    client.on("message", (message) => messages.push(message))
    await client.connect()
    // Decimal-looking seqs with "gaps" from a server whose HAI seq was not a counter.
    for (const seq of [9, 3, 40]) raw.send(raw.frame(seq, "MESSAGE", String(seq)))
    await waitFor(() => messages.length === 3, "three frames")
    expect(messages.map((message) => message.payload)).toEqual(["9", "3", "40"])
    await client.sendMessage({ type: "MESSAGE", channel: "USER", payload: "hi" })
    const sent = await waitFor(() => {
      const frames = raw.received.map((text) => JSON.parse(text) as Record<string, unknown>)
      return frames.some((frame) => frame.type === "MESSAGE") && frames
    }, "the client's message")
    expect(sent.map((frame) => frame.type)).not.toContain("REPLAY_REQUEST")
    expect(sent.find((frame) => frame.type === "MESSAGE")).not.toHaveProperty("ack")
  })

  it("acknowledges what it received: a lone ack after ackEvery frames, and ack on every frame it sends", async () => {
    const { raw, client } = await connected()
    for (let seq = 1; seq <= 70; seq++) raw.send(raw.frame(seq, "MESSAGE", String(seq)))
    const ack = await waitFor(
      () =>
        raw.received
          .map((text) => JSON.parse(text) as { type: string; ack?: string })
          .find((frame) => frame.type === "FLOW_UPDATE" && frame.ack !== undefined),
      "a lone ack",
    )
    expect(Number(ack.ack)).toBeGreaterThanOrEqual(64)
    await waitFor(() => client.getConnectionState().lastAck === "70", "all 70 frames")
    await client.sendFlowUpdate("AGENT", 1, 1)
    const last = await waitFor(() => {
      const frames = raw.received.map(
        (text) =>
          JSON.parse(text) as { type: string; ack?: string; payload?: { add_messages?: number } },
      )
      return frames.find(
        (frame) => frame.type === "FLOW_UPDATE" && frame.payload?.add_messages === 1,
      )
    }, "the flow update")
    expect(last.ack).toBe("70")
  })
})

describe("a server that goes silent", () => {
  it("is declared dead after two heartbeat intervals without a frame", async () => {
    const { raw, client, errors } = await connected({ heartbeatInterval: 40 })
    const disconnects: string[] = []
    client.on("disconnect", (reason) => disconnects.push(reason))
    raw.goSilent()
    await waitFor(() => errors.some((error) => error.code === "CONNECTION_LOST"), "the dead link")
    await waitFor(() => disconnects.length > 0, "the disconnect")
    expect(raw.received.some((text) => text.includes('"PING"'))).toBe(true)
  })
})

describe("reordered and duplicated frames (property)", () => {
  it("delivers every frame exactly once in seq order, reporting garbage, never throwing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.array(fc.oneof(fc.string(), fc.json()), { maxLength: 5 }),
        async (count, keys, duplicates, garbage) => {
          const { raw, messages, errors, client } = await connected({ replayGapDelay: 60_000 })
          const frames = Array.from({ length: count }, (_, index) =>
            raw.frame(index + 1, "MESSAGE", String(index + 1)),
          )
          const order = frames
            .map((frame, index) => ({ frame, key: keys[index % keys.length] ?? 0 }))
            .sort((a, b) => a.key - b.key)
          const wire = order.map((entry) => entry.frame)
          for (const duplicate of duplicates)
            wire.splice(duplicate % (wire.length + 1), 0, frames[duplicate % count] as string)
          for (const text of garbage) wire.splice(text.length % (wire.length + 1), 0, text)
          for (const text of wire) raw.send(text)
          await waitFor(() => messages.length === count, `${count} frames`)
          expect(messages.map((message) => message.payload)).toEqual(
            Array.from({ length: count }, (_, index) => String(index + 1)),
          )
          expect(client.getConnectionState().lastAck).toBe(String(count))
          expect(errors.length).toBeLessThanOrEqual(garbage.length)
          expect(client.isConnected()).toBe(true)
          for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
        },
      ),
      { numRuns: 25 },
    )
  }, 60_000)
})
