/**
 * Our server against the peers that exist: the client side of the recording of the reference
 * SDK (`testing/reference-recording.ts`) replayed frame for frame, and the
 * flow-control rule for the two generations of client.
 */
import { describe, expect, it } from "vitest"
import { connect, startServer } from "./testdata/harness.js"
import type { RawClient } from "./testdata/raw-client.js"
import { REFERENCE_RECORDING_JSONL } from "./testing/reference-recording.js"
import { REFERENCE_SDK_EVENTS, referenceSdkRefusal } from "./testing/reference-sdk-client.js"
import { HAIPTool } from "./tool.js"
import type { HAIPMessage, HAIPSessionTransaction, HAIPToolSchema } from "./types.js"

type RecordedLine =
  | { conn: number; dir: "c2s" | "s2c"; frame: HAIPMessage }
  | { conn: number; event: "open" | "client-close" | "server-close"; code?: number }

const recording: RecordedLine[] = REFERENCE_RECORDING_JSONL.split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line))

/** The recording's tool: "Arr, turn N: <text>", N counted per transaction. */
class PirateTool extends HAIPTool {
  schema(): HAIPToolSchema {
    return { name: "pirate", description: "Talks like a pirate", inputSchema: { type: "string" } }
  }
  handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): void {
    const turn = client.transaction.getReplayWindow().filter((f) => f.channel === "USER").length + 1
    this.sendTextMessage(client, `Arr, turn ${turn}: ${String(message.payload)}`)
  }
}

/**
 * Replays one recorded connection's client frames verbatim (transaction ids mapped to ours) and
 * waits, for each frame the reference server sent, for our server's counterpart.
 */
async function replayConnection(lines: RecordedLine[], client: RawClient): Promise<string[]> {
  const transactions = new Map<string, string>()
  const served: string[] = []
  for (const line of lines) {
    if ("event" in line) {
      if (line.event === "client-close") client.socket.close(line.code, "Normal closure")
      if (line.event === "server-close") {
        const closed = await client.closed
        served.push(`close ${closed.code}`)
      }
      continue
    }
    const frame = line.frame
    if (line.dir === "c2s") {
      const transaction = transactions.get(frame.transaction) ?? frame.transaction
      client.sendRaw(JSON.stringify({ ...frame, transaction }))
      continue
    }
    const answer = await client.waitFor((ours) => counterpart(ours, frame, transactions))
    if (frame.type === "TRANSACTION_START") transactions.set(frame.transaction, answer.transaction)
    served.push(
      `${answer.type} ${answer.type === "ERROR" ? answer.payload.code : JSON.stringify(answer.payload).slice(0, 40)}`,
    )
  }
  return served
}

function counterpart(ours: HAIPMessage, recorded: HAIPMessage, transactions: Map<string, string>) {
  if (ours.type !== recorded.type) return false
  switch (recorded.type) {
    case "TRANSACTION_START":
      return ours.payload?.referenceId === recorded.payload.referenceId
    case "MESSAGE":
      return (
        ours.transaction === transactions.get(recorded.transaction) &&
        ours.payload === recorded.payload
      )
    default:
      return true
  }
}

describe("the reference SDK's side of the recording, replayed against our server", () => {
  it("is served: a two-turn chat, then a refused token closed 1008, with nothing the SDK refuses", async () => {
    const server = await startServer()
    server.registerTool(new PirateTool())
    server.authenticate((request) => (request.token === "Bearer TOKEN" ? { id: "user-1" } : null))
    const served: string[] = []
    const clients: RawClient[] = []
    for (const conn of [...new Set(recording.map((line) => line.conn))]) {
      const client = await connect(server)
      clients.push(client)
      const lines = recording.filter((line) => line.conn === conn)
      served.push(...(await replayConnection(lines, client)))
    }
    expect(served).toEqual([
      expect.stringMatching(/^HAI /),
      expect.stringMatching(/^TRANSACTION_START /),
      'MESSAGE "Arr, turn 1: hello"',
      'MESSAGE "Arr, turn 2: second"',
      "close 1000",
      expect.stringMatching(/^HAI /),
      "ERROR AUTHENTICATION_FAILED",
      "close 1008",
    ])
    const refused = clients
      .flatMap((client) => client.frames)
      .map((frame) => referenceSdkRefusal(frame))
      .filter((reason) => reason !== undefined)
    expect(refused).toEqual([])
  })
})

/** Answers "N" with N whole MESSAGEs "1".."N". */
class BurstTool extends HAIPTool {
  schema(): HAIPToolSchema {
    return { name: "burst", description: "N messages", inputSchema: { type: "string" } }
  }
  handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): void {
    const count = Number(message.payload)
    for (let index = 1; index <= count; index++) this.sendTextMessage(client, String(index))
  }
}

async function burstClient(hello: Record<string, unknown>) {
  const server = await startServer()
  server.registerTool(new BurstTool())
  const client = await connect(server)
  await client.hello(hello)
  return { client, transaction: await client.startTransaction("burst") }
}

const grant10 = { flow_control: { initial_credit_messages: 10, initial_credit_bytes: 1 << 20 } }
const agentMessages = (client: RawClient) =>
  client.frames.filter((frame) => frame.type === "MESSAGE" && frame.channel === "AGENT")

describe("flow control by generation", () => {
  it("holds a spec client to its 10 credits until its FLOW_UPDATE", async () => {
    const { client, transaction } = await burstClient({ capabilities: grant10 })
    client.send({ type: "MESSAGE", transaction, payload: "30" })
    await client.waitFor(() => agentMessages(client).length === 10)
    // Control frames overtake queued data: when the PONG is here, nothing more could go.
    client.send({ type: "PING", channel: "SYSTEM", payload: { nonce: "fence" } })
    await client.waitFor((frame) => frame.type === "PONG" && frame.payload.nonce === "fence")
    expect(agentMessages(client)).toHaveLength(10)
    client.send({
      type: "FLOW_UPDATE",
      channel: "SYSTEM",
      payload: { channel: "AGENT", add_messages: 30, add_bytes: 1 << 20 },
    })
    await client.waitForType("RUN_FINISHED")
    expect(agentMessages(client).map((frame) => frame.payload)).toEqual(
      Array.from({ length: 30 }, (_, index) => String(index + 1)),
    )
  })

  it("does not hold a client of the reference's generation to the 10 credits it never renews", async () => {
    const { client, transaction } = await burstClient({
      capabilities: grant10,
      accept_events: [...REFERENCE_SDK_EVENTS],
    })
    client.send({ type: "MESSAGE", transaction, payload: "30" })
    await client.waitFor(() => agentMessages(client).length === 30)
    expect(agentMessages(client).map((frame) => frame.payload)).toEqual(
      Array.from({ length: 30 }, (_, index) => String(index + 1)),
    )
    expect(client.frames.map((frame) => frame.type)).not.toContain("RUN_FINISHED")
  })
})
