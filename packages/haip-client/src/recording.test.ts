/**
 * The HAIP session recorded from the demo server by the devtools (packages/devtools/recordings/
 * haip.json, re-recorded by `npm run record-fixtures -w @aichatkit/devtools`) played back over a
 * real WebSocket on loopback by `startAdapterRecordingServer`: the client completes the
 * handshake, opens the transaction and, turn after turn, delivers exactly the frames the server
 * sent, in order. A change to the client's decoding (envelope, seq order, flow control,
 * transactions) that breaks the recorded session fails here.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { startAdapterRecordingServer } from "@aichatkit/haip-server/testing"
import { afterEach, describe, expect, it } from "vitest"
import { createHAIPClient } from "./client.js"
import type { HAIPWarning } from "./connection-events.js"
import type { HAIPError } from "./errors.js"
import type { HAIPMessage, HAIPOutgoingMessage } from "./types.js"

const file = join(dirname(fileURLToPath(import.meta.url)), "../../devtools/recordings/haip.json")

interface WireEntry {
  kind: "wire"
  traffic: { direction: "in" | "out"; wire: string; data: Record<string, unknown> }
}
interface Recording {
  entries: ({ kind: string } | WireEntry)[]
}
const recording = JSON.parse(readFileSync(file, "utf8")) as Recording
const wire = recording.entries.flatMap((entry) =>
  entry.kind === "wire" ? [(entry as WireEntry).traffic] : [],
)

/** The recorded frames per turn: the message the client sent, then what the server answered. */
function recordedTurns(transaction: string) {
  const turns: { sent: HAIPOutgoingMessage; answered: Record<string, unknown>[] }[] = []
  for (const traffic of wire) {
    if (traffic.direction === "out") {
      turns.push({ sent: traffic.data as unknown as HAIPOutgoingMessage, answered: [] })
    } else if (traffic.data.transaction === transaction) {
      turns.at(-1)?.answered.push(traffic.data)
    }
  }
  return turns
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe("recordings/haip.json played by a recorded server to the real HAIP client", () => {
  it("delivers every recorded frame of each turn, in order, as the server sent it", async () => {
    const server = await startAdapterRecordingServer(recording)
    cleanups.push(() => server.close())
    const client = createHAIPClient({ url: server.url, token: "Bearer demo", heartbeatInterval: 0 })
    cleanups.push(() => client.disconnect())
    const errors: HAIPError[] = []
    const warnings: HAIPWarning[] = []
    client.on("error", (error) => errors.push(error))
    client.on("warning", (warning) => warnings.push(warning))

    await client.connect()
    expect(client.serverInfo).toMatchObject({ runEvents: true, resume: true, generation: "spec" })
    const opened = wire.find((traffic) => traffic.data.type === "TRANSACTION_START")?.data
    const transaction = await client.startTransaction("demo")
    expect(transaction.id).toBe(opened?.transaction)

    const turns = recordedTurns(transaction.id)
    expect(turns.length).toBe(2)
    for (const { sent, answered } of turns) {
      expect(answered.length).toBeGreaterThan(10)
      const delivered: HAIPMessage[] = []
      const finished = new Promise<void>((resolve) => {
        const off = transaction.on("message", (frame) => {
          delivered.push(frame)
          if (frame.type === "RUN_FINISHED") {
            off()
            resolve()
          }
        })
      })
      await transaction.sendMessage(sent)
      await finished
      expect(delivered).toEqual(answered)
    }
    expect(errors).toEqual([])
    expect(warnings).toEqual([])

    // What the client sent is what the recorded client sent, frame for frame.
    const sentFrames = (server.received[0] ?? []).filter((frame) => frame.type === "MESSAGE")
    expect(sentFrames.map(({ type, channel, payload }) => ({ type, channel, payload }))).toEqual(
      turns.map((turn) => turn.sent),
    )
  })
})
