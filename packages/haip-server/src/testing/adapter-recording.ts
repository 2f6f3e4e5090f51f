/**
 * Plays the server's side of a devtools recording of the HAIP wire (an `AdapterRecording`
 * that `recordAdapter` of `@aichatkit/devtools` made around a `HAIPAdapter`, such as
 * packages/devtools/recordings/haip.json) over a real WebSocket, with the recorded-server
 * player of recording-server.ts: the handshake, then each turn's recorded frames once the
 * client has sent that turn's message. A client and adapter connected to it run their real
 * decoders on what the server really sent.
 *
 * The recording holds the frames the adapter saw, which start after the handshake (the
 * client's own HAI and TRANSACTION_START never reach the adapter's wire tap). They are filled
 * in as this package's server sends and expects them: the server's HAI (the payload of
 * hello.ts, for the recorded session) after the client's HAI, and the client's
 * TRANSACTION_START before each recorded answer to one, under the temporary id the answer
 * echoes as `referenceId`, which the player maps to the id the connecting client chose.
 */
import { randomUUID } from "node:crypto"
import { helloPayload } from "../hello.js"
import type { HAIPServerOptions } from "../options.js"
import {
  type RecordedLine,
  type RecordingServer,
  startRecordingServer,
} from "./recording-server.js"

/** The part of an `AdapterRecording` (of `@aichatkit/network-adapter`) read here. */
export interface RecordedAdapterSession {
  readonly entries: readonly {
    readonly kind: string
    readonly traffic?: {
      readonly direction: "in" | "out"
      readonly wire: string
      readonly data: unknown
    }
  }[]
}

/** How the recorded server was configured (what its HAI announced). */
export type RecordedServerOptions = Pick<HAIPServerOptions, "flowControl" | "maxConcurrentRuns">

type Frame = Record<string, unknown>

const isFrame = (value: unknown): value is Frame => typeof value === "object" && value !== null

/** The recorded HAIP frames both ways, as lines of one connection (conn 1) for the player. */
export function haipSessionLines(
  recording: RecordedAdapterSession,
  server: RecordedServerOptions = {},
): RecordedLine[] {
  const frames = recording.entries.flatMap((entry) =>
    entry.kind === "wire" && entry.traffic?.wire === "haip" && isFrame(entry.traffic.data)
      ? [{ direction: entry.traffic.direction, frame: entry.traffic.data }]
      : [],
  )
  const first = frames.find((entry) => entry.direction === "in")
  if (!first) throw new Error("The recording holds no HAIP frame from the server.")
  const session = String(first.frame.session)
  const lines: RecordedLine[] = [
    { conn: 1, event: "open" },
    { conn: 1, dir: "c2s", frame: { type: "HAI", channel: "SYSTEM" } },
    { conn: 1, dir: "s2c", frame: serverHello(session, server) },
  ]
  for (const { direction, frame } of frames) {
    const referenceId = isFrame(frame.payload) ? frame.payload.referenceId : undefined
    if (
      direction === "in" &&
      frame.type === "TRANSACTION_START" &&
      typeof referenceId === "string"
    ) {
      lines.push({
        conn: 1,
        dir: "c2s",
        frame: { type: "TRANSACTION_START", channel: "SYSTEM", transaction: referenceId },
      })
    }
    lines.push({ conn: 1, dir: direction === "in" ? "s2c" : "c2s", frame })
  }
  return lines
}

/** The HAI this package's server sends for `session` (seq "0": outside the session's sequence). */
function serverHello(session: string, server: RecordedServerOptions): Frame {
  return {
    id: randomUUID(),
    transaction: "null",
    session,
    seq: "0",
    ts: String(Date.now()),
    channel: "SYSTEM",
    type: "HAI",
    payload: helloPayload(server, session),
  }
}

/**
 * A WebSocket server on 127.0.0.1 (port 0) that plays the server's side of a recorded HAIP
 * session to every client that connects (see the module's comment).
 */
export function startAdapterRecordingServer(
  recording: RecordedAdapterSession,
  server: RecordedServerOptions = {},
): Promise<RecordingServer> {
  return startRecordingServer(1, haipSessionLines(recording, server), { greetFirst: false })
}
