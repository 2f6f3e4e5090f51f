import { createHash, randomUUID } from "node:crypto"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { createDemoServer, type DemoServer } from "./server.js"

let server: DemoServer

beforeAll(async () => {
  server = await createDemoServer({ tokenDelayMs: 0 })
})

afterAll(async () => {
  await server.close()
})

const sockets: WebSocket[] = []
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close()
})

interface Frame {
  type: string
  transaction: string
  seq: string
  run_id?: string
  payload: Record<string, unknown> & { text?: string; status?: string }
}

/** A raw WebSocket talking HAIP to the demo server's /haip. */
async function openHaip(url: string) {
  const socket = new WebSocket(url)
  const frames: Frame[] = []
  const listeners = new Set<() => void>()
  socket.on("message", (data) => {
    frames.push(JSON.parse(data.toString()) as Frame)
    for (const listener of listeners) listener()
  })
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject))
  let seq = 0
  const send = (frame: Record<string, unknown>) => {
    seq += 1
    socket.send(
      JSON.stringify({
        id: randomUUID(),
        transaction: "null",
        seq: String(seq),
        ts: String(Date.now()),
        channel: "USER",
        payload: {},
        ...frame,
      }),
    )
  }
  const waitFor = (predicate: (frame: Frame) => boolean) =>
    new Promise<Frame>((resolve, reject) => {
      const check = () => {
        const found = frames.find(predicate)
        if (!found) return
        listeners.delete(check)
        clearTimeout(timer)
        resolve(found)
      }
      const timer = setTimeout(
        () => reject(new Error(`timed out; saw ${frames.map((f) => f.type).join(",")}`)),
        8000,
      )
      listeners.add(check)
      check()
    })
  return { socket, frames, send, waitFor }
}

/** The text of the MESSAGE_PART frames among `frames`, in order. */
function messageText(frames: readonly Frame[]): string {
  return frames
    .filter((frame) => frame.type === "MESSAGE_PART")
    .map((frame) => frame.payload.text)
    .join("")
}

/** The reference the client gives its transaction; the server's TRANSACTION_START echoes it. */
const REFERENCE = "temp-1"

/**
 * The one client set-up of these tests: a client past the handshake (its HAI payload `hello`,
 * after the server's own HAI) with a transaction open on the `demo` tool. Closed after the test.
 */
async function openDemoTransaction(hello: Record<string, unknown> = {}) {
  const client = await openHaip(`${server.url.replace("http", "ws")}/haip`)
  sockets.push(client.socket)
  const hai = await client.waitFor((frame) => frame.type === "HAI")
  client.send({ type: "HAI", channel: "SYSTEM", payload: hello })
  client.send({
    type: "TRANSACTION_START",
    channel: "SYSTEM",
    transaction: REFERENCE,
    payload: { toolName: "demo" },
  })
  const started = await client.waitFor((frame) => frame.type === "TRANSACTION_START")
  return { client, hai, started, transaction: started.transaction }
}

describe("demo server HAIP endpoint", () => {
  it("streams the scripted agent's answer over ws://host:port/haip", async () => {
    const { client, hai, started } = await openDemoTransaction({
      auth: { token: "Bearer anything" },
    })
    expect(hai.payload).toMatchObject({ haip_version: "1.1.2", capabilities: { run_events: true } })
    expect(started.payload.referenceId).toBe(REFERENCE)
    client.send({ type: "MESSAGE", transaction: started.transaction, payload: "Hello there" })
    const finished = await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    expect(finished.payload.status).toBe("OK")
    const turn = client.frames.filter((frame) => frame.transaction === started.transaction)
    const types = turn.map((frame) => frame.type)
    expect(types[1]).toBe("RUN_STARTED")
    expect(types[2]).toBe("MESSAGE_START")
    expect(types.filter((type) => type === "MESSAGE_PART").length).toBeGreaterThan(5)
    expect(types.at(-2)).toBe("MESSAGE_END")
    const text = messageText(turn)
    expect(text).toContain("Here is what I found")
  })

  it("answers a message with files ({ text, attachments }) by naming them, then by its text", async () => {
    const { client, transaction } = await openDemoTransaction()
    const data = Buffer.from([137, 80, 78, 71]).toString("base64")
    client.send({
      type: "MESSAGE",
      transaction,
      payload: {
        text: "show me the weather tool",
        attachments: [{ name: "a.png", mime: "image/png", size: 4, data }],
      },
    })
    const finished = await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    expect(finished.payload.status).toBe("OK")
    expect(client.frames.map((frame) => frame.type)).toContain("TOOL_CALL")
    // The file is named first; the text's turn follows.
    const first = client.frames.find((frame) => frame.type === "MESSAGE_START")
    const parts = client.frames.filter(
      (frame) =>
        frame.type === "MESSAGE_PART" && frame.payload.message_id === first?.payload.message_id,
    )
    expect(parts.map((frame) => frame.payload.text).join("")).toBe(
      "I received 1 file: **a.png** (image/png).",
    )
  })

  it("answers a message of files without text by naming them (names and media types)", async () => {
    const { client, transaction } = await openDemoTransaction()
    const data = Buffer.from([137, 80, 78, 71]).toString("base64")
    client.send({
      type: "MESSAGE",
      transaction,
      payload: {
        text: "",
        attachments: [
          { name: "a.png", mime: "image/png", size: 4, data },
          { name: "notes.txt", mime: "text/plain", size: 5, data: "aGVsbG8=" },
        ],
      },
    })
    const finished = await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    expect(finished.payload.status).toBe("OK")
    const text = messageText(client.frames)
    expect(text).toBe(
      "I received 2 files: **a.png** (image/png), **notes.txt** (text/plain). Tell me what you would like to know about them.",
    )
  })

  it.each([
    [
      "more than 20 files",
      Array.from({ length: 21 }, (_, index) => ({ name: `${index}.png`, mime: "image/png" })),
      /at most 20 files/,
    ],
    [
      "a file's bytes for a link",
      [{ name: "a.png", mime: "image/png", url: `data:image/png;base64,${"A".repeat(5000)}` }],
      /longer than 4096 characters/,
    ],
    [
      "a media type too long",
      [{ name: "a.png", mime: `image/${"p".repeat(4096)}`, data: "iVBO" }],
      /longer than 4096 characters/,
    ],
  ])(
    "refuses %s with ERROR PAYLOAD_TOO_LARGE before the agent hears of it",
    async (_, attachments, message) => {
      const { client, transaction } = await openDemoTransaction()
      client.send({ type: "MESSAGE", transaction, payload: { text: "look", attachments } })
      const finished = await client.waitFor((frame) => frame.type === "RUN_FINISHED")
      expect(finished.payload.status).toBe("ERROR")
      const error = client.frames.find((frame) => frame.type === "ERROR")
      expect(error?.payload.code).toBe("PAYLOAD_TOO_LARGE")
      expect(String(error?.payload.message)).toMatch(message)
      expect(client.frames.map((frame) => frame.type)).not.toContain("MESSAGE_START")
    },
  )

  it("takes 20 files, and does not count a file's bytes (data) as a link", async () => {
    const { client, transaction } = await openDemoTransaction()
    const data = Buffer.alloc(6000, 1).toString("base64")
    const attachments = Array.from({ length: 20 }, (_, index) => ({
      name: `${index}.bin`,
      mime: "application/octet-stream",
      data,
    }))
    client.send({ type: "MESSAGE", transaction, payload: { text: "", attachments } })
    const finished = await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    expect(finished.payload.status).toBe("OK")
    const text = messageText(client.frames)
    expect(text).toMatch(/^I received 20 files:/)
  })

  it("encodes tool calls and cards, and answers /haip/health", async () => {
    const { client, transaction } = await openDemoTransaction()
    client.send({ type: "MESSAGE", transaction, payload: "show me the weather tool and a card" })
    await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    const types = client.frames.map((frame) => frame.type)
    expect(types).toContain("TOOL_CALL")
    expect(types).toContain("TOOL_UPDATE")
    const done = client.frames.find((frame) => frame.type === "TOOL_DONE")
    expect(done?.payload.status).toBe("OK")

    const { client: card, transaction: cardTransaction } = await openDemoTransaction()
    card.send({ type: "MESSAGE", transaction: cardTransaction, payload: "a card please" })
    await card.waitFor((frame) => frame.type === "RUN_FINISHED")
    const cardFrame = card.frames.find(
      (frame) => frame.type === "MESSAGE" && frame.payload.type === "card",
    )
    expect(cardFrame?.payload.card).toMatchObject({ type: "weather", actions: expect.any(Array) })

    const health = await fetch(`${server.url}/haip/health`)
    expect(await health.json()).toMatchObject({ status: "ok" })
  })

  it("answers a voice message (audio chunks in a run, then its MESSAGE) with a WAV tone and a transcript", async () => {
    const { client, transaction } = await openDemoTransaction()
    const runId = randomUUID()
    const mime = "audio/webm;codecs=opus"
    for (const word of ["a", "bb", "ccc"]) {
      const data = Buffer.from(word).toString("base64")
      client.send({
        type: "AUDIO_CHUNK",
        channel: "AUDIO_IN",
        transaction,
        run_id: runId,
        payload: { message_id: "voice-1", mime, data },
      })
    }
    client.send({ type: "MESSAGE", transaction, run_id: runId, payload: "" })
    const finished = await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    expect(finished).toMatchObject({ run_id: runId, payload: { status: "OK" } })
    const audio = client.frames.filter((frame) => frame.type === "AUDIO_CHUNK")
    expect(audio).toHaveLength(3)
    for (const chunk of audio) {
      expect(chunk.payload.mime).toBe("audio/wav")
      const bytes = Buffer.from(String(chunk.payload.data), "base64")
      expect(bytes.subarray(0, 4).toString()).toBe("RIFF")
    }
    const text = client.frames.find((frame) => frame.type === "MESSAGE_PART")?.payload.text
    const fingerprint = createHash("sha256").update("abbccc").digest("hex").slice(0, 12)
    expect(text).toBe(
      `I heard your voice message: 3 chunks of ${mime}, 0.0 KB (fingerprint ${fingerprint}). Here is a tone in answer.`,
    )
  })

  it("maps a failing turn to ERROR TOOL_EXECUTION_ERROR and RUN_FINISHED ERROR", async () => {
    const { client, transaction } = await openDemoTransaction()
    client.send({ type: "MESSAGE", transaction, payload: "trigger an error" })
    const finished = await client.waitFor((frame) => frame.type === "RUN_FINISHED")
    expect(finished.payload.status).toBe("ERROR")
    const error = client.frames.find((frame) => frame.type === "ERROR")
    expect(error?.payload.code).toBe("TOOL_EXECUTION_ERROR")
  })

  it("streams a long answer without a MaxListenersExceededWarning", async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)
    process.on("warning", onWarning)
    try {
      const { client, transaction } = await openDemoTransaction()
      client.send({ type: "MESSAGE", transaction, payload: "tell me about HAIP" })
      await client.waitFor((frame) => frame.type === "RUN_FINISHED")
      const parts = client.frames.filter((frame) => frame.type === "MESSAGE_PART")
      expect(parts.length).toBeGreaterThan(20)
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((warning) => warning.includes("MaxListeners"))).toEqual([])
    } finally {
      process.off("warning", onWarning)
    }
  })
})
