/**
 * The recorded sessions (recordings/: the demo server's wires, the AI SDK and AG-UI peers, and
 * one made in the playground; re-recorded by `npm run record-fixtures`):
 * each replays as a conforming adapter, and the SSE ones replay through the real SSEAdapter
 * from an HTTP server on loopback (its parser and dialect decoders: the recorded events and
 * items), so a decoder change that breaks a recorded session fails here.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { ALL_AGENTS } from "@aichatkit/network-adapter"
import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import { SSEAdapter } from "@aichatkit/sse-adapter"
import { ReplayAdapter } from "@aichatkit/testing"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DEMO_WIRES } from "./testdata/demo-sessions.js"
import {
  readFixture,
  recordedStream,
  recordedTurnEvents,
  runIdsOf,
  withMadeUpIdsNamed,
} from "./testdata/fixtures.js"

for (const wire of [...DEMO_WIRES, "playground-sse"]) {
  describeAdapterConformance(
    `ReplayAdapter (recordings/${wire}.json)`,
    () => new ReplayAdapter(readFixture(wire), { speed: Number.POSITIVE_INFINITY }),
  )
}

/** An HTTP server on loopback that answers every POST with the recorded stream of a turn. */
let server: Server
let url: string
let stream: string[] = []
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume()
    response.writeHead(200, { "Content-Type": "text/event-stream" })
    for (const chunk of stream) response.write(chunk)
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** What a person sees of items: their kind and text, not the ids the client made up. */
const visible = (items: ChatResponseItem[]) =>
  items.map((item) =>
    item.type === "message" ? { type: item.type, role: item.role, content: item.content } : item,
  )

const sseRecordings = [
  { name: "sse-haira", dialect: "haira" },
  { name: "playground-sse", dialect: "haira" },
  { name: "sse-ai-sdk", dialect: "ai-sdk" },
  { name: "sse-ag-ui", dialect: "ag-ui" },
] as const

describe.each(sseRecordings)(
  "recordings/$name.json through the real SSEAdapter",
  ({ name, dialect }) => {
    it("decodes each recorded stream into the events and the answer recorded with it", async () => {
      const recording = readFixture(name)
      const answers = recording.entries.flatMap((entry) => (entry.kind === "answer" ? [entry] : []))
      expect(answers.length).toBeGreaterThan(0)
      const adapter = new SSEAdapter({ url, dialect })
      const agentId = await adapter.startChatAgent()
      for (const answer of answers) {
        stream = recordedStream(recording, answer.turn)
        expect(stream.length).toBeGreaterThan(0)
        const events: ChatEvent[] = []
        const stop = adapter.subscribe(ALL_AGENTS, (event) => events.push(event))
        const response = await adapter.sendMessage(agentId, "replayed")
        stop()
        const recorded = answer.response.items.filter(
          (item) => !(item.type === "message" && item.role === "user"),
        )
        expect(visible(response.items)).toEqual(visible(recorded))
        // The same events, but for the agent and run ids each session made up (an AG-UI
        // stream echoes the recorded run's id in its message ids: named the same).
        const recordedEvents = recordedTurnEvents(recording, answer.turn)
        expect(
          recordedEvents.filter((event) => event.type === "text-delta").length,
        ).toBeGreaterThan(3)
        const ids = (value: unknown) =>
          withMadeUpIdsNamed(withMadeUpIdsNamed(value, [agentId, ...runIdsOf(events)]), [
            answer.agentId,
            ...runIdsOf(recordedEvents),
          ])
        expect(ids(events)).toEqual(ids(recordedEvents))
      }
    })
  },
)
