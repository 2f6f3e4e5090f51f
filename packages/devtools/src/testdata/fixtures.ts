/** The recordings kept in `recordings/`, read from disk. */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { type AdapterRecording, isAdapterRecording } from "@aichatkit/network-adapter"

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
