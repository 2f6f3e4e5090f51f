/** The recordings kept in `recordings/`, read from disk. */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { type AdapterRecording, isAdapterRecording } from "@aichatkit/network-adapter"
import type { ChatEvent } from "@aichatkit/types"

const folder = join(dirname(fileURLToPath(import.meta.url)), "../../recordings")

/** A fixture of `recordings/`: a demo-server wire, or `playground-sse` (made in the playground). */
export function readFixture(wire: string): AdapterRecording {
  const parsed: unknown = JSON.parse(readFileSync(join(folder, `${wire}.json`), "utf8"))
  if (!isAdapterRecording(parsed)) throw new Error(`recordings/${wire}.json is not a recording`)
  return parsed
}

/** The text a recorded SSE turn received, chunk by chunk, as it came off the socket. */
export function recordedStream(recording: AdapterRecording, turn: number): string[] {
  const send = recording.entries.find((entry) => entry.kind === "send" && entry.turn === turn)
  const start = send ? recording.entries.indexOf(send) : -1
  const chunks: string[] = []
  for (const entry of recording.entries.slice(start + 1)) {
    if (entry.kind === "answer" || entry.kind === "failure") break
    if (entry.kind === "wire" && entry.traffic.direction === "in") {
      chunks.push(entry.traffic.data as string)
    }
  }
  return chunks
}

/** The events recorded during turn `turn`: after its `send`, up to its answer or failure. */
export function recordedTurnEvents(recording: AdapterRecording, turn: number): ChatEvent[] {
  const send = recording.entries.find((entry) => entry.kind === "send" && entry.turn === turn)
  const events: ChatEvent[] = []
  for (const entry of recording.entries.slice(send ? recording.entries.indexOf(send) + 1 : 0)) {
    if (entry.kind === "answer" || entry.kind === "failure") break
    if (entry.kind === "event") events.push(entry.event)
  }
  return events
}

/**
 * `value` with the ids an adapter made up itself (its agent id, its run ids, and the item ids
 * built from them) replaced, wherever they occur in a string, by `id1`, `id2`, … in the order
 * of `madeUp`, and times by `<time>`: two sessions that differ only there compare equal.
 */
export function withMadeUpIdsNamed(value: unknown, madeUp: readonly string[]): unknown {
  if (typeof value === "string") {
    return madeUp.reduce((text, id, index) => text.replaceAll(id, `id${index + 1}`), value)
  }
  if (Array.isArray(value)) return value.map((entry) => withMadeUpIdsNamed(entry, madeUp))
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [
      key,
      key === "timestamp" ? "<time>" : withMadeUpIdsNamed(entry, madeUp),
    ]),
  )
}

/** The ids of the runs `events` started, in order. */
export function runIdsOf(events: readonly ChatEvent[]): string[] {
  return events.flatMap((event) => (event.type === "run-started" ? [event.runId] : []))
}
