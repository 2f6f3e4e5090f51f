/**
 * Audio goes to a server in the form it announced: a raw binary frame after a `bin_len`
 * envelope only to a server whose HAI says `binary_frames: true`; base64 in `payload.data`
 * to every other one (ours announces `false`, the reference server's clients may say nothing).
 */
import { startTestServer, waitFor } from "@aichatkit/haip-server/testing"
import { afterEach, describe, expect, it } from "vitest"
import { createHAIPClient } from "./client.js"
import { startRawServer } from "./testdata/raw-server.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function connectedTo(capabilities: Record<string, unknown>) {
  const raw = await startRawServer({ capabilities })
  cleanups.push(() => raw.close())
  const client = createHAIPClient({ url: raw.url, heartbeatInterval: 0, maxReconnectAttempts: 0 })
  cleanups.push(() => client.disconnect())
  await client.connect()
  const audioFrames = () =>
    raw.received
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .filter((frame) => frame.type === "AUDIO_CHUNK")
  return { raw, client, audioFrames }
}

const bytes = new Uint8Array([0, 1, 2, 250, 255]).buffer

describe("audio to a server", () => {
  it.each([
    ["binary_frames: false", { resume: true, run_events: true, binary_frames: false }],
    ["no binary_frames at all", {}],
  ])(
    "with %s: sendBinary sends base64 in payload.data and no binary frame",
    async (_name, capabilities) => {
      const { raw, client, audioFrames } = await connectedTo(capabilities)
      expect(client.serverInfo?.binaryFrames).toBe(false)
      await client.sendBinary(bytes, { mime: "audio/wav", messageId: "voice-1" })
      const [frame] = await waitFor(() => audioFrames().length === 1 && audioFrames(), "the audio")
      expect(frame).toMatchObject({
        channel: "AUDIO_IN",
        payload: { message_id: "voice-1", mime: "audio/wav", data: "AAEC+v8=" },
      })
      expect(frame).not.toHaveProperty("bin_len")
      expect(raw.binary).toEqual([])
    },
  )

  it("with binary_frames: true: sendBinary sends the envelope with bin_len, then the raw bytes", async () => {
    const { raw, audioFrames, client } = await connectedTo({ binary_frames: true })
    await client.sendBinary(bytes, { mime: "audio/wav" })
    await waitFor(() => raw.binary.length === 1, "the binary frame")
    expect(audioFrames()[0]).toMatchObject({ bin_len: 5, bin_mime: "audio/wav" })
    expect(audioFrames()[0]?.payload).not.toHaveProperty("data")
    expect([...(raw.binary[0] ?? [])]).toEqual([0, 1, 2, 250, 255])
  })

  it("sendAudioChunk always sends base64 with the run id in the envelope, as the spec's flow without transactions", async () => {
    const { raw, client, audioFrames } = await connectedTo({ binary_frames: true })
    await client.sendAudioChunk("AUDIO_IN", "voice-2", "audio/ogg", bytes, 40, "run-7")
    const [frame] = await waitFor(() => audioFrames().length === 1 && audioFrames(), "the audio")
    expect(frame).toMatchObject({
      transaction: "null",
      channel: "AUDIO_IN",
      run_id: "run-7",
      payload: { message_id: "voice-2", mime: "audio/ogg", data: "AAEC+v8=", duration_ms: 40 },
    })
    expect(raw.binary).toEqual([])
  })

  it("learns from our server that it takes no binary frames", async () => {
    const server = await startTestServer()
    cleanups.push(() => server.close())
    const client = createHAIPClient({
      url: server.url,
      token: "Bearer TOKEN",
      heartbeatInterval: 0,
    })
    cleanups.push(() => client.disconnect())
    await client.connect()
    expect(client.serverInfo?.binaryFrames).toBe(false)
  })
})
