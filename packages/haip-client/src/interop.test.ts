/**
 * What the client sends a server of each generation, from what its HAI announced: only the
 * types it accepts, and the credits of a reference-generation server (which never grants more)
 * are not waited for.
 */
import { readRecording, recordedFrames, waitFor } from "@aichatkit/haip-server/testing"
import { afterEach, describe, expect, it } from "vitest"
import { createHAIPClient } from "./client.js"
import { startRawServer } from "./testdata/raw-server.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The reference server's HAI capabilities and accept_events, as recorded. */
const referenceHai = recordedFrames(readRecording(), 1, "s2c")[0]?.payload as {
  accept_events: string[]
  capabilities: Record<string, unknown>
}

async function connectedTo(
  hai: { accept_events?: string[]; capabilities: Record<string, unknown> },
  initialCredits = 1000,
) {
  const raw = await startRawServer({
    capabilities: hai.capabilities,
    ...(hai.accept_events === undefined ? {} : { acceptEvents: hai.accept_events }),
  })
  cleanups.push(() => raw.close())
  const client = createHAIPClient({
    url: raw.url,
    heartbeatInterval: 0,
    maxReconnectAttempts: 0,
    flowControl: { initialCredits },
  })
  cleanups.push(() => client.disconnect())
  await client.connect()
  const sent = (type: string) =>
    raw.received
      .map((text) => JSON.parse(text) as { type: string; payload: unknown })
      .filter((frame) => frame.type === type)
  return { raw, client, sent }
}

describe("a server of the reference generation (its HAI as recorded)", () => {
  it("is known as such, and its announced credits (never replenished) are not waited for", async () => {
    const { client, sent } = await connectedTo({
      ...referenceHai,
      capabilities: {
        ...referenceHai.capabilities,
        flow_control: { initial_credit_messages: 2, initial_credit_bytes: 1_048_576 },
      },
    })
    expect(client.serverInfo).toMatchObject({ generation: "reference", resume: false })
    for (let turn = 1; turn <= 5; turn++)
      await client.sendMessage({ type: "MESSAGE", channel: "USER", payload: `turn ${turn}` })
    await waitFor(() => sent("MESSAGE").length === 5, "all five turns")
    expect(sent("MESSAGE").map((frame) => frame.payload)).toEqual(
      Array.from({ length: 5 }, (_, index) => `turn ${index + 1}`),
    )
  })

  it("gets no frame of a type it does not accept: the call fails with UNSUPPORTED_TYPE", async () => {
    const { client, sent, raw } = await connectedTo(referenceHai)
    await expect(client.startRun()).rejects.toMatchObject({
      code: "UNSUPPORTED_TYPE",
      message: expect.stringMatching(/does not accept RUN_STARTED frames/),
    })
    await expect(client.sendTextMessage("USER", "hi")).rejects.toMatchObject({
      code: "UNSUPPORTED_TYPE",
    })
    await client.sendMessage({ type: "MESSAGE", channel: "USER", payload: "fine" })
    await waitFor(() => sent("MESSAGE").length === 1, "the accepted frame")
    expect(raw.received.map((text) => JSON.parse(text).type)).not.toContain("RUN_STARTED")
    expect(sent("MESSAGE_START")).toEqual([])
  })
})

describe.each([
  ["the reference generation", referenceHai, 0],
  ["the spec's generation", { capabilities: {} }, 1],
])("credits granted back to a server of %s", (_name, hai, grants) => {
  it(`are ${grants ? "sent" : "not sent"} with FLOW_UPDATE once half are used`, async () => {
    const { raw, client, sent } = await connectedTo(hai, 10)
    const received: unknown[] = []
    client.on("message", (message) => received.push(message.payload))
    for (let index = 1; index <= 8; index++) raw.send(raw.frame(index, "MESSAGE", String(index)))
    await waitFor(() => received.length === 8, "eight messages")
    // Whatever the client sent in answer to the eight left before this PING.
    await client.sendMessage({ type: "PING", payload: { nonce: "fence" } })
    await waitFor(() => sent("PING").length === 1, "the fence")
    expect(sent("FLOW_UPDATE")).toHaveLength(grants)
  })
})

describe("a server of the spec's generation", () => {
  it("is held to: data beyond its credits waits for FLOW_UPDATE", async () => {
    const { raw, client, sent } = await connectedTo({
      accept_events: ["HAI", "MESSAGE", "MESSAGE_START", "RUN_STARTED", "FLOW_UPDATE"],
      capabilities: { flow_control: { initial_credit_messages: 2, initial_credit_bytes: 65_536 } },
    })
    expect(client.serverInfo?.generation).toBe("spec")
    for (let turn = 1; turn <= 3; turn++)
      await client.sendMessage({ type: "MESSAGE", channel: "USER", payload: `turn ${turn}` })
    await waitFor(() => sent("MESSAGE").length === 2, "two turns")
    raw.send(raw.frame(0, "FLOW_UPDATE", { channel: "USER", add_messages: 1, add_bytes: 1000 }))
    await waitFor(() => sent("MESSAGE").length === 3, "the third turn after the grant")
  })
})
