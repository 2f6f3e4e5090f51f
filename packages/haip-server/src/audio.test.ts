/**
 * The client's voice message reaches the tool's `handleAudio`: AUDIO_CHUNKs in a run, decoded,
 * in order, then the message sent in that run is answered there (with the agent's audio).
 */
import { randomUUID } from "node:crypto"
import { afterEach, describe, expect, it } from "vitest"
import { connect } from "./testdata/harness.js"
import { startTestServer } from "./testing/test-server.js"
import { type HAIPAudioChunk, HAIPTool } from "./tool.js"
import type { HAIPMessage, HAIPSessionTransaction, HAIPToolSchema } from "./types.js"

/** Keeps the audio of each run; answers with a chunk of audio and what it heard. */
class ListeningTool extends HAIPTool {
  readonly heard = new Map<string, HAIPAudioChunk[]>()
  schema(): HAIPToolSchema {
    return { name: "voice", description: "Listens", inputSchema: { type: "string" } }
  }
  override handleAudio(client: HAIPSessionTransaction, chunk: HAIPAudioChunk): void {
    this.heard.set(client.runId, [...(this.heard.get(client.runId) ?? []), chunk])
  }
  handleMessage(client: HAIPSessionTransaction, _message: HAIPMessage): void {
    const chunks = this.heard.get(client.runId) ?? []
    const messageId = this.startMessage(client)
    this.sendAudioChunk(client, messageId, "audio/wav", new Uint8Array([82, 73, 70, 70]), 100)
    this.sendMessagePart(client, messageId, `heard ${chunks.length} chunks`)
    this.endMessage(client, messageId)
  }
}

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function listening(tool: ListeningTool) {
  const server = await startTestServer({ tools: [tool] })
  closers.push(() => server.close())
  const client = await connect(server.server, "/", { headers: { authorization: "Bearer TOKEN" } })
  await client.hello()
  return client
}

const chunk = (runId: string, data: string): Partial<HAIPMessage> & { type: string } => ({
  type: "AUDIO_CHUNK",
  channel: "AUDIO_IN",
  run_id: runId,
  payload: { message_id: "voice-1", mime: "audio/webm;codecs=opus", data, duration_ms: 250 },
})

describe("HAIPTool.handleAudio", () => {
  it("gets each chunk decoded, in order, and the run's message answers with the agent's audio", async () => {
    const tool = new ListeningTool()
    const client = await listening(tool)
    const runId = randomUUID()
    const sent = ["first", "second", "third"].map((word) => Buffer.from(word).toString("base64"))
    for (const data of sent) client.send(chunk(runId, data))
    client.send({ type: "MESSAGE", run_id: runId, payload: "" })
    const finished = await client.waitForType("RUN_FINISHED")
    expect(finished.run_id).toBe(runId)
    const heard = tool.heard.get(runId) ?? []
    expect(heard.map((part) => Buffer.from(part.data).toString())).toEqual([
      "first",
      "second",
      "third",
    ])
    expect(heard.every((part) => part.mime === "audio/webm;codecs=opus")).toBe(true)
    expect(heard.map((part) => part.durationMs)).toEqual([250, 250, 250])
    const audio = client.frames.find((frame) => frame.type === "AUDIO_CHUNK")
    expect(audio).toMatchObject({
      channel: "AUDIO_OUT",
      run_id: runId,
      payload: { mime: "audio/wav", data: "UklGRg==", duration_ms: 100 },
    })
    const part = client.frames.find((frame) => frame.type === "MESSAGE_PART")
    expect(part?.payload).toMatchObject({ text: "heard 3 chunks" })
  })

  it("answers a chunk that is not audio or not base64 with an ERROR, and the tool never sees it", async () => {
    const tool = new ListeningTool()
    const client = await listening(tool)
    const runId = randomUUID()
    client.send(chunk(runId, "not base64!"))
    const error = await client.waitForType("ERROR")
    expect(error.payload).toMatchObject({
      code: "PROTOCOL_VIOLATION",
      message: "AUDIO_CHUNK needs its data as base64 (this server takes no binary frames).",
    })
    const html = {
      ...chunk(runId, "AAAA"),
      payload: { message_id: "v", mime: "text/html", data: "AAAA" },
    }
    client.send(html)
    await client.waitFor(
      (frame) => frame.type === "ERROR" && String(frame.payload?.message).includes("audio/*"),
    )
    expect(tool.heard.size).toBe(0)
  })
})
