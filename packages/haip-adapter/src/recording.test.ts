/**
 * The HAIP session recorded from the demo server by the devtools (packages/devtools/recordings/
 * haip.json, re-recorded by `npm run record-fixtures -w @aichatkit/devtools`) played back over a
 * real WebSocket on loopback by `startAdapterRecordingServer`, to this adapter on its real HAIP
 * client: the events it emits and the items it answers are the recorded ones, but for the ids
 * and times the adapter makes up itself. A change to the client or the adapter's decoding that
 * breaks the recorded session fails here.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { startAdapterRecordingServer } from "@aichatkit/haip-server/testing"
import {
  type AdapterRecording,
  ALL_AGENTS,
  isAdapterRecording,
  type RecordingEntry,
} from "@aichatkit/network-adapter"
import type { ChatEvent } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"

const file = join(dirname(fileURLToPath(import.meta.url)), "../../devtools/recordings/haip.json")

function readRecording(): AdapterRecording {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"))
  if (!isAdapterRecording(parsed)) throw new Error(`${file} is not a recording`)
  return parsed
}

/**
 * `value` with what the adapter makes up itself replaced by placeholders numbered in order of
 * appearance: run ids, the ids of the user's own items, and times. Everything the server sent
 * (the agent id, the assistant's item ids, the text) stays as it is.
 */
function withoutMadeUpIds(value: unknown): unknown {
  const names = new Map<string, string>()
  const name = (id: string, kind: string) => {
    if (!names.has(id)) names.set(id, `${kind}#${names.size + 1}`)
    return names.get(id)
  }
  const userItems = new Set<string>()
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk)
    if (typeof node !== "object" || node === null) return node
    const record = node as Record<string, unknown>
    if (record.role === "user" && typeof record.id === "string") userItems.add(record.id)
    return Object.fromEntries(
      Object.entries(record).map(([key, entry]) => {
        if (key === "timestamp") return [key, "<time>"]
        if (key === "runId" && typeof entry === "string") return [key, name(entry, "run")]
        if (typeof entry === "string" && userItems.has(entry)) return [key, name(entry, "user")]
        return [key, walk(entry)]
      }),
    )
  }
  return walk(value)
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe("recordings/haip.json played by a recorded server to the real HAIP adapter", () => {
  it("emits the recorded events and answers each turn with the recorded items", async () => {
    const recording = readRecording()
    const sends = recording.entries.flatMap((entry) => (entry.kind === "send" ? [entry] : []))
    const answers = recording.entries.flatMap((entry) => (entry.kind === "answer" ? [entry] : []))
    expect(sends.length).toBe(2)
    const server = await startAdapterRecordingServer(recording)
    cleanups.push(() => server.close())
    const adapter = new HAIPAdapter({ url: server.url, tool: "demo", token: "Bearer demo" })
    cleanups.push(() => adapter.close())
    const events: ChatEvent[] = []
    cleanups.push(adapter.subscribe(ALL_AGENTS, (event) => events.push(event)))

    const agentId = await adapter.startChatAgent()
    expect(agentId).toBe(sends[0]?.agentId)
    const responses = []
    for (const sent of sends) responses.push(await adapter.sendMessage(agentId, sent.message))

    expect(withoutMadeUpIds(responses)).toEqual(
      withoutMadeUpIds(answers.map((answer) => answer.response)),
    )
    const recordedEvents = recording.entries.flatMap((entry: RecordingEntry) =>
      entry.kind === "event" ? [entry.event] : [],
    )
    expect(recordedEvents.filter((event) => event.type === "text-delta").length).toBeGreaterThan(
      100,
    )
    expect(withoutMadeUpIds(events)).toEqual(withoutMadeUpIds(recordedEvents))
  })
})
