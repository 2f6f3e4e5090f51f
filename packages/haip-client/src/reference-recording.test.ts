/**
 * The client against the reference server as recorded on the wire
 * (`REFERENCE_RECORDING_JSONL` of `@aichatkit/haip-server/testing`): a two-turn chat, then a
 * refused token, each played back over a real WebSocket on loopback by `startRecordingServer`.
 */

import { readRecording, recordedFrames, startRecordingServer } from "@aichatkit/haip-server/testing"
import { afterEach, describe, expect, it } from "vitest"
import { createHAIPClient } from "./client.js"
import type { HAIPWarning } from "./connection-events.js"
import type { HAIPError } from "./errors.js"
import type { HAIPMessage } from "./types.js"

const recording = readRecording()
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function play(conn: number, token: string) {
  const server = await startRecordingServer(conn, recording)
  cleanups.push(() => server.close())
  const client = createHAIPClient({ url: server.url, token, heartbeatInterval: 0 })
  cleanups.push(() => client.disconnect())
  const errors: HAIPError[] = []
  const warnings: HAIPWarning[] = []
  const reconnects: number[] = []
  client.on("error", (error) => errors.push(error))
  client.on("warning", (warning) => warnings.push(warning))
  client.on("reconnecting", ({ attempt }) => reconnects.push(attempt))
  return { server, client, errors, warnings, reconnects }
}

/** Resolves with the next frame of `type` the transaction delivers. */
function nextMessage(
  transaction: { on(name: "message", listener: (frame: HAIPMessage) => void): () => void },
  channel: string,
): Promise<HAIPMessage> {
  return new Promise((resolve) => {
    const off = transaction.on("message", (frame) => {
      if (frame.type === "MESSAGE" && frame.channel === channel) {
        off()
        resolve(frame)
      }
    })
  })
}

/** What a frame says, without what each side picks for itself (ids, seq, session, time). */
const gist = (frame: Record<string, unknown> | undefined) => ({
  type: frame?.type,
  channel: frame?.channel,
  payload: frame?.payload,
})

describe("the reference server as recorded", () => {
  it("completes the handshake on its timestamp-and-letters seqs and carries both turns", async () => {
    const { server, client, errors, warnings } = await play(1, "Bearer TOKEN")
    const [serverHai, serverTransaction, firstAnswer, secondAnswer] = recordedFrames(
      recording,
      1,
      "s2c",
    )
    expect(serverHai?.seq).toMatch(/^\d{13}[a-z0-9]{9}$/)
    const handshakes: Record<string, unknown>[] = []
    client.on("handshake", (payload) => handshakes.push(payload))
    await client.connect()
    expect(handshakes).toEqual([serverHai?.payload])
    expect(client.serverInfo).toMatchObject({ resume: false, runEvents: false, binaryFrames: true })

    const transaction = await client.startTransaction("pirate")
    expect(transaction.id).toBe(serverTransaction?.transaction)
    const first = nextMessage(transaction, "AGENT")
    await transaction.sendTextMessage("hello")
    expect((await first).payload).toBe(firstAnswer?.payload)
    const second = nextMessage(transaction, "AGENT")
    await transaction.sendTextMessage("second")
    expect(await second).toMatchObject({
      id: secondAnswer?.id,
      seq: secondAnswer?.seq,
      transaction: transaction.id,
      payload: "Arr, turn 2: second",
    })
    expect(errors).toEqual([])
    expect(warnings).toEqual([])

    // What the client sent is what the reference SDK sent, frame for frame.
    const sent = server.received[0] ?? []
    const recorded = recordedFrames(recording, 1, "c2s")
    expect(sent.map((frame) => frame.type)).toEqual(recorded.map((frame) => frame.type))
    expect(gist(sent[0]).payload).toMatchObject({
      haip_version: "1.1.2",
      accept_major: [1],
      auth: { token: "Bearer TOKEN" },
    })
    expect(sent[1]).toMatchObject({
      type: "TRANSACTION_START",
      channel: "SYSTEM",
      transaction: transaction.referenceId,
      payload: { toolName: "pirate", params: {} },
    })
    expect(sent.slice(2).map(gist)).toEqual(recorded.slice(2).map(gist))
    for (const frame of sent.slice(2)) expect(frame.transaction).toBe(transaction.id)

    await client.disconnect()
    await expect.poll(() => server.closes).toEqual([{ code: 1000, reason: "client disconnect" }])
  })

  it("takes the refused token (FAILED_AUTH, close 1008) as one clear auth failure, without reconnecting", async () => {
    const { server, client, errors, reconnects } = await play(2, "WRONG")
    await client.connect()
    await expect(client.startTransaction("pirate")).rejects.toMatchObject({
      code: "AUTHENTICATION_FAILED",
      message: expect.stringMatching(/refused the credentials \(Failed Auth\); check the token/),
    })
    expect(errors.map((error) => error.code)).toEqual(["AUTHENTICATION_FAILED"])
    expect(client.phase).toBe("closed")
    expect(client.isConnected()).toBe(false)
    expect(reconnects).toEqual([])
    expect(server.received).toHaveLength(1)
    expect(server.received[0]?.[0]).toMatchObject({
      type: "HAI",
      payload: { auth: { token: "WRONG" } },
    })
  })
})
