/**
 * The GraphQL session recorded from the demo server by the devtools (packages/devtools/
 * recordings/graphql.json, re-recorded by `npm run record-fixtures -w @aichatkit/devtools`)
 * played back by a server on loopback that answers as the recorded one did (queries over HTTP,
 * the subscription over graphql-ws), to this adapter on the real Apollo Client: the events it
 * emits and the items it answers are the recorded ones, but for the times. A change to the
 * adapter's decoding that breaks the recorded session fails here.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { type AdapterRecording, ALL_AGENTS, isAdapterRecording } from "@aichatkit/network-adapter"
import type { ChatEvent } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { ApolloAdapter } from "./apollo-adapter.js"
import { startRecordedGraphqlServer } from "./testdata/recorded-server.js"

const file = join(dirname(fileURLToPath(import.meta.url)), "../../devtools/recordings/graphql.json")

function readRecording(): AdapterRecording {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"))
  if (!isAdapterRecording(parsed)) throw new Error(`${file} is not a recording`)
  return parsed
}

/** `value` with every `timestamp` (made when the adapter decoded it) replaced. */
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [
      key,
      key === "timestamp" ? "<time>" : withoutTimes(entry),
    ]),
  )
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe("recordings/graphql.json played by a recorded server to the real Apollo adapter", () => {
  it("emits the recorded events and answers each turn with the recorded items", async () => {
    const recording = readRecording()
    const sends = recording.entries.flatMap((entry) => (entry.kind === "send" ? [entry] : []))
    const answers = recording.entries.flatMap((entry) => (entry.kind === "answer" ? [entry] : []))
    expect(sends.length).toBe(2)
    const server = await startRecordedGraphqlServer(recording)
    cleanups.push(() => server.close())
    const adapter = new ApolloAdapter({
      apiUrl: server.httpUrl,
      subscriptions: { url: server.wsUrl, transport: "graphql-ws", webSocketImpl: WebSocket },
    })
    cleanups.push(() => adapter.dispose())
    const events: ChatEvent[] = []
    cleanups.push(adapter.subscribe(ALL_AGENTS, (event) => events.push(event)))

    const agentId = await adapter.startChatAgent()
    expect(agentId).toBe(sends[0]?.agentId)
    const responses = []
    for (const sent of sends) responses.push(await adapter.sendMessage(agentId, sent.message))

    expect(withoutTimes(responses)).toEqual(withoutTimes(answers.map((answer) => answer.response)))
    const recordedEvents = recording.entries.flatMap((entry) =>
      entry.kind === "event" ? [entry.event] : [],
    )
    expect(recordedEvents.filter((event) => event.type === "text-delta").length).toBeGreaterThan(
      100,
    )
    expect(withoutTimes(events)).toEqual(withoutTimes(recordedEvents))
  })
})
