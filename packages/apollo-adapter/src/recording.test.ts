/**
 * The GraphQL session recorded from the demo server (packages/devtools/recordings/graphql.json,
 * re-recorded by `npm run record-fixtures -w @aichatkit/devtools`): each turn's recorded
 * subscription payloads go through this adapter's real decoder and the one fold, and must
 * build the answer recorded with them. A decoder change that breaks the session fails here.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { type AdapterRecording, foldEvents, isAdapterRecording } from "@aichatkit/network-adapter"
import type { ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { decodeAgentEvent } from "./decode.js"

const file = join(dirname(fileURLToPath(import.meta.url)), "../../devtools/recordings/graphql.json")

function readRecording(): AdapterRecording {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"))
  if (!isAdapterRecording(parsed)) throw new Error(`${file} is not a recording`)
  return parsed
}

/** The items a person sees of an answer: not the user's own message. */
const answered = (items: ChatResponseItem[]) =>
  items.filter((item) => !(item.type === "message" && item.role === "user"))

describe("recordings/graphql.json through the Apollo adapter's decoder", () => {
  it("decodes each recorded turn's subscription payloads into the answer recorded with it", () => {
    const recording = readRecording()
    const turns = recording.entries.flatMap((entry) => (entry.kind === "send" ? [entry] : []))
    expect(turns.length).toBeGreaterThan(1)
    for (const sent of turns) {
      const answer = recording.entries.find(
        (entry) => entry.kind === "answer" && entry.turn === sent.turn,
      )
      if (answer?.kind !== "answer") throw new Error(`turn ${sent.turn} has no answer`)
      const payloads = recording.entries
        .slice(recording.entries.indexOf(sent), recording.entries.indexOf(answer))
        .flatMap((entry) =>
          entry.kind === "wire" &&
          entry.traffic.direction === "in" &&
          entry.traffic.agentId === sent.agentId &&
          Object.hasOwn(entry.traffic.data as object, "name")
            ? [entry.traffic.data]
            : [],
        )
      expect(payloads.length).toBeGreaterThan(3)
      const events = payloads.flatMap((payload) => decodeAgentEvent(sent.agentId, payload))
      expect(events.filter((event) => event.type === "error")).toEqual([])
      expect(foldEvents(events)).toEqual(answered(answer.response.items))
    }
  })
})
