/**
 * The spec's flow without transactions, as the seed SDK reference shows it: `startRun`
 * (RUN_STARTED), `sendTextMessage(channel, text, author, runId)` (MESSAGE_START + MESSAGE_END),
 * `sendAudioChunk(…, runId)` (AUDIO_CHUNK), the guide's message streamed without message_id.
 */
import { randomUUID } from "node:crypto"
import { afterEach, describe, expect, it } from "vitest"
import { connect } from "./testdata/harness.js"
import { startTestServer } from "./testing/test-server.js"
import { HAIPTool } from "./tool.js"
import type { HAIPMessage, HAIPSessionTransaction, HAIPToolSchema } from "./types.js"

/** Keeps the client's audio and tool frames; answers "<text>: heard N chunks" of its run. */
class VoiceTool extends HAIPTool {
  readonly frames: HAIPMessage[] = []
  schema(): HAIPToolSchema {
    return { name: "voice", description: "Listens", inputSchema: { type: "string" } }
  }
  override handleFrame(_client: HAIPSessionTransaction, frame: HAIPMessage): void {
    this.frames.push(frame)
  }
  handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): void {
    const chunks = this.frames.filter(
      (frame) => frame.type === "AUDIO_CHUNK" && frame.run_id === client.runId,
    ).length
    this.sendTextMessage(client, `${String(message.payload)}: heard ${chunks} chunks`)
  }
}

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function specClient(tools: HAIPTool[] = [new VoiceTool()]) {
  const server = await startTestServer({ tools })
  closers.push(() => server.close())
  const client = await connect(server.server, "/", { headers: { authorization: "Bearer TOKEN" } })
  await client.hello()
  return client
}

function audio(runId: string | undefined): Partial<HAIPMessage> & { type: string } {
  const frame: Partial<HAIPMessage> & { type: string } = {
    type: "AUDIO_CHUNK",
    channel: "AUDIO_IN",
    payload: { message_id: "a1", mime: "audio/wav", data: "AAAA", duration_ms: 20 },
  }
  if (runId !== undefined) frame.run_id = runId
  return frame
}

describe("the spec's flow without transactions", () => {
  it("answers startRun + sendTextMessage in the client's run, then takes its RUN_FINISHED", async () => {
    const client = await specClient()
    const runId = randomUUID()
    client.send({ type: "RUN_STARTED", channel: "SYSTEM", run_id: runId, payload: {} })
    const messageId = randomUUID()
    client.send({
      type: "MESSAGE_START",
      run_id: runId,
      payload: { message_id: messageId, text: "hello", author: "user" },
    })
    client.send({ type: "MESSAGE_END", run_id: runId, payload: { message_id: messageId } })
    const finished = await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    expect(finished).toMatchObject({ run_id: runId, payload: { status: "OK" } })
    const answer = client.frames.find((frame) => frame.type === "MESSAGE")
    expect(answer).toMatchObject({
      run_id: runId,
      channel: "AGENT",
      payload: "hello: heard 0 chunks",
    })
    client.send({
      type: "RUN_FINISHED",
      channel: "SYSTEM",
      run_id: runId,
      payload: { status: "OK" },
    })
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "fence" } })
    await client.waitForType("PONG")
    expect(client.typesSince(0)).not.toContain("ERROR:TRANSACTION_NOT_FOUND")
  })

  it("takes the guide's streamed message without message_id, named by its run", async () => {
    const client = await specClient()
    const runId = randomUUID()
    client.send({ type: "RUN_STARTED", channel: "SYSTEM", run_id: runId, payload: {} })
    client.send({
      type: "MESSAGE_START",
      run_id: runId,
      payload: { channel: "USER", text: "one " },
    })
    client.send({ type: "MESSAGE_PART", run_id: runId, payload: { channel: "USER", text: "two " } })
    client.send({ type: "MESSAGE_END", run_id: runId, payload: { channel: "USER", text: "three" } })
    const answer = await client.waitForType("MESSAGE")
    expect(answer.payload).toBe("one two three: heard 0 chunks")
  })

  it("gives audio sent in a declared run to the tool, and answers the message sent after it in that run", async () => {
    const voice = new VoiceTool()
    const client = await specClient([voice])
    const runId = randomUUID()
    client.send({ type: "RUN_STARTED", channel: "SYSTEM", run_id: runId, payload: {} })
    for (let index = 0; index < 3; index++) client.send(audio(runId))
    client.send({ type: "MESSAGE", run_id: runId, payload: "done" })
    const finished = await client.waitForType("RUN_FINISHED")
    expect(finished.run_id).toBe(runId)
    expect(client.frames.find((frame) => frame.type === "MESSAGE")?.payload).toBe(
      "done: heard 3 chunks",
    )
    expect(voice.frames.map((frame) => frame.type)).toEqual([
      "AUDIO_CHUNK",
      "AUDIO_CHUNK",
      "AUDIO_CHUNK",
    ])
    expect(client.frames.filter((frame) => frame.type === "RUN_STARTED")).toHaveLength(1)
  })

  it("ends a run opened for audio at the client's RUN_FINISHED", async () => {
    const client = await specClient()
    const runId = randomUUID()
    client.send({ type: "RUN_STARTED", channel: "SYSTEM", run_id: runId, payload: {} })
    client.send(audio(runId))
    await client.waitForType("RUN_STARTED")
    client.send({
      type: "RUN_FINISHED",
      channel: "SYSTEM",
      run_id: runId,
      payload: { status: "OK" },
    })
    const finished = await client.waitForType("RUN_FINISHED")
    expect(finished).toMatchObject({ run_id: runId, payload: { status: "OK" } })
  })

  it("answers audio outside any run with a clear ERROR", async () => {
    const voice = new VoiceTool()
    const client = await specClient([voice])
    const sent = client.send(audio(undefined))
    const error = await client.waitForType("ERROR")
    expect(error.payload).toMatchObject({ code: "PROTOCOL_VIOLATION", related_id: sent.id })
    expect(error.payload.message).toMatch(/outside a run/)
    expect(voice.frames).toEqual([])
  })

  it("answers a bare MESSAGE with no transaction and no run (one tool registered)", async () => {
    const client = await specClient()
    client.send({ type: "MESSAGE", payload: "hi" })
    const finished = await client.waitForType("RUN_FINISHED")
    expect(finished.payload.status).toBe("OK")
    expect(client.frames.find((frame) => frame.type === "MESSAGE")?.payload).toBe(
      "hi: heard 0 chunks",
    )
  })

  it("with several tools, takes the one RUN_STARTED names and refuses a run that names none", async () => {
    const other = new VoiceTool()
    other.schema = () => ({ name: "other", description: "", inputSchema: { type: "string" } })
    const client = await specClient([new VoiceTool(), other])
    const unnamed = client.send({
      type: "RUN_STARTED",
      channel: "SYSTEM",
      run_id: "r1",
      payload: {},
    })
    const error = await client.waitForType("ERROR")
    expect(error.payload).toMatchObject({ code: "TRANSACTION_NOT_FOUND", related_id: unnamed.id })
    expect(error.payload.message).toMatch(/metadata\.tool/)
    client.send({
      type: "RUN_STARTED",
      channel: "SYSTEM",
      run_id: "r2",
      payload: { metadata: { tool: "voice" } },
    })
    client.send({ type: "MESSAGE", run_id: "r2", payload: "named" })
    const answer = await client.waitForType("MESSAGE")
    expect(answer).toMatchObject({ run_id: "r2", payload: "named: heard 0 chunks" })
  })
})
