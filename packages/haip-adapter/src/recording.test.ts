/**
 * The HAIP session recorded from the demo server (packages/devtools/recordings/haip.json,
 * re-recorded by `npm run record-fixtures -w @aichatkit/devtools`) replayed frame by frame
 * through this adapter's real turn logic and decoder: a change that breaks the recorded
 * session fails here.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { HAIPMessage } from "@aichatkit/haip-client"
import { type AdapterRecording, isAdapterRecording } from "@aichatkit/network-adapter"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { AgentTurn } from "./turn.js"

const file = join(dirname(fileURLToPath(import.meta.url)), "../../devtools/recordings/haip.json")

function readRecording(): AdapterRecording {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"))
  if (!isAdapterRecording(parsed)) throw new Error(`${file} is not a recording`)
  return parsed
}

/** What a person sees of items: their kind and text, not the ids the client made up. */
const visible = (items: ChatResponseItem[]) =>
  items.flatMap((item) => {
    if (item.type === "message" && item.role === "user") return []
    return [item.type === "message" ? { role: item.role, content: item.content } : item]
  })

describe("recordings/haip.json through the HAIP adapter's turn and decoder", () => {
  it("turns each recorded turn's frames into the answer recorded with it", async () => {
    const recording = readRecording()
    const turns = recording.entries.flatMap((entry) => (entry.kind === "send" ? [entry] : []))
    expect(turns.length).toBeGreaterThan(1)
    for (const sent of turns) {
      const start = recording.entries.indexOf(sent)
      const answer = recording.entries.find(
        (entry) => entry.kind === "answer" && entry.turn === sent.turn,
      )
      if (answer?.kind !== "answer") throw new Error(`turn ${sent.turn} has no answer`)
      const frames = recording.entries
        .slice(start, recording.entries.indexOf(answer))
        .flatMap((entry) =>
          entry.kind === "wire" &&
          entry.traffic.direction === "in" &&
          entry.traffic.agentId === sent.agentId
            ? [entry.traffic.data as HAIPMessage]
            : [],
        )
      expect(frames.length).toBeGreaterThan(3)

      const events: ChatEvent[] = []
      const turn = new AgentTurn(
        sent.agentId,
        {
          emit: (event) => events.push(event),
          now: () => new Date().toISOString(),
          cancelRun: () => {},
          cancelTool: () => {},
        },
        { runEvents: true, idleMs: 250, cancelGraceMs: 1000 },
      )
      turn.start(sent.message)
      for (const frame of frames) turn.observe(frame)
      const response = await turn.response
      expect(visible(response.items)).toEqual(visible(answer.response.items))
      expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    }
  })
})
