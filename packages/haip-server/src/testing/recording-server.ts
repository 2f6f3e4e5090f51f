/**
 * A WebSocket server on 127.0.0.1 that speaks exactly as a recording of the public reference
 * server (`@haip/server` 1.0.1) did: it plays the recorded server-to-client frames of one
 * recorded connection to every client that connects, each in answer to the client's frames.
 *
 * The recording is {@link REFERENCE_RECORDING_JSONL}: every frame of the reference SDK
 * (`@haip/sdk` 1.0.1) talking to the reference server. It is the source of truth; nothing here
 * edits its frames except the ids the client chose.
 *
 * How the frames are paced: the server's HAI goes out as soon as the socket opens (the
 * reference server greets unprompted; the recording shows it after the SDK's first frames only
 * because that SDK sends them without waiting). Every other recorded server frame goes out once
 * the client has sent at least the frames, counted by type, that the recording's client had
 * sent before it. Ids the recording's client chose (its temporary transaction id, which the
 * server echoes as `referenceId`) are replaced by the ones this client chose. A PING is
 * answered with a PONG, as the reference server does. When the recorded server closed the
 * connection, the socket is closed with the recorded code and reason after the last frame.
 */
import { type WebSocket, WebSocketServer } from "ws"
import { REFERENCE_RECORDING_JSONL } from "./reference-recording.js"

/** One line of the recording. */
export interface RecordedLine {
  conn: number
  dir?: "c2s" | "s2c"
  frame?: Record<string, unknown>
  event?: "open" | "client-close" | "server-close"
  code?: number
  reason?: string
}

/** The recording, parsed. */
export function readRecording(): RecordedLine[] {
  return REFERENCE_RECORDING_JSONL.split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecordedLine)
}

/** The frames of one recorded connection in one direction. */
export function recordedFrames(
  lines: RecordedLine[],
  conn: number,
  dir: "c2s" | "s2c",
): Record<string, unknown>[] {
  return lines.flatMap((line) =>
    line.conn === conn && line.dir === dir && line.frame ? [line.frame] : [],
  )
}

export interface RecordingServer {
  url: string
  /** Every frame clients sent, parsed, per connection in the order the connections opened. */
  received: Record<string, unknown>[][]
  /** How each client connection closed (`code`, `reason`), in the order they closed. */
  closes: { code: number; reason: string }[]
  close(): Promise<void>
}

interface Step {
  frame: Record<string, unknown>
  /** Client frames, counted by type, that must have arrived before this frame goes out. */
  needs: Map<string, number>
}

/** How a recorded connection is played. */
export interface PlayOptions {
  /**
   * Whether the server's HAI goes out as soon as the socket opens (the reference server greets
   * unprompted; the default) or, as this package's server does, after the client's HAI.
   */
  greetFirst?: boolean
}

function stepsOf(
  lines: RecordedLine[],
  conn: number,
  greetFirst: boolean,
): { greeting: Step[]; answers: Step[] } {
  const seen = new Map<string, number>()
  const greeting: Step[] = []
  const answers: Step[] = []
  for (const line of lines) {
    if (line.conn !== conn || !line.frame) continue
    const type = String(line.frame.type)
    if (line.dir === "c2s") seen.set(type, (seen.get(type) ?? 0) + 1)
    else if (type === "HAI" && greetFirst) greeting.push({ frame: line.frame, needs: new Map() })
    else answers.push({ frame: line.frame, needs: new Map(seen) })
  }
  return { greeting, answers }
}

/** The server's close of a recorded connection, if the server closed it first. */
function serverClose(lines: RecordedLine[], conn: number): RecordedLine | undefined {
  const first = lines.find(
    (line) =>
      line.conn === conn && (line.event === "client-close" || line.event === "server-close"),
  )
  return first?.event === "server-close" ? first : undefined
}

/** A seq as the reference server writes it: a millisecond timestamp and nine base-36 letters. */
function referenceSeq(): string {
  return `${Date.now()}${Math.random().toString(36).slice(2, 11).padEnd(9, "0")}`
}

/** Replaces every string equal to a key of `ids` (anywhere in the value) by its mapped id. */
function rewrite(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return ids.get(value) ?? value
  if (Array.isArray(value)) return value.map((entry) => rewrite(entry, ids))
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, rewrite(entry, ids)]),
    )
  }
  return value
}

/** Plays recorded connection `conn` to every client that connects. */
export async function startRecordingServer(
  conn: number,
  lines: RecordedLine[] = readRecording(),
  options: PlayOptions = {},
): Promise<RecordingServer> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" })
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))
  const received: Record<string, unknown>[][] = []
  const closes: { code: number; reason: string }[] = []
  const sockets = new Set<WebSocket>()
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", (code, reason) => {
      sockets.delete(socket)
      closes.push({ code, reason: String(reason) })
    })
    received.push(play(socket, lines, conn, options.greetFirst ?? true))
  })
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : 0
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    closes,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.terminate()
        server.close(() => resolve())
      }),
  }
}

/** Plays recorded connection `conn` to one client; returns the frames the client sends, as they come. */
function play(
  socket: WebSocket,
  lines: RecordedLine[],
  conn: number,
  greetFirst: boolean,
): Record<string, unknown>[] {
  const recordedClient = recordedFrames(lines, conn, "c2s")
  const closing = serverClose(lines, conn)
  const frames: Record<string, unknown>[] = []
  const { greeting, answers } = stepsOf(lines, conn, greetFirst)
  const hello = recordedFrames(lines, conn, "s2c").find((frame) => frame.type === "HAI")
  const sentByType = new Map<string, number>()
  const ids = new Map<string, string>()
  let closed = false
  for (const step of greeting) socket.send(JSON.stringify(step.frame))
  const release = () => {
    while (answers.length > 0) {
      const next = answers[0] as Step
      for (const [type, count] of next.needs) if ((sentByType.get(type) ?? 0) < count) return
      answers.shift()
      socket.send(JSON.stringify(rewrite(next.frame, ids)))
    }
    if (closing && !closed) {
      closed = true
      socket.close(closing.code, closing.reason)
    }
  }
  socket.on("message", (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>
    frames.push(frame)
    const type = String(frame.type)
    const count = (sentByType.get(type) ?? 0) + 1
    sentByType.set(type, count)
    const recorded = recordedClient.filter((entry) => entry.type === type)[count - 1]
    mapTransactionId(recorded, frame, ids)
    if (type === "PING") {
      const session = (hello?.session as string | undefined) ?? ""
      socket.send(pong(session, (frame.payload as { nonce?: unknown } | undefined)?.nonce))
    }
    release()
  })
  return frames
}

/** The recording's client chose its own temporary transaction id: map it to this client's. */
function mapTransactionId(
  recorded: Record<string, unknown> | undefined,
  frame: Record<string, unknown>,
  ids: Map<string, string>,
): void {
  if (
    recorded &&
    typeof recorded.transaction === "string" &&
    recorded.transaction !== "null" &&
    typeof frame.transaction === "string" &&
    !ids.has(recorded.transaction)
  ) {
    ids.set(recorded.transaction, frame.transaction)
  }
}

/** A PONG as the reference server answers a PING. */
function pong(session: string, nonce: unknown): string {
  return JSON.stringify({
    id: crypto.randomUUID(),
    transaction: "null",
    session,
    seq: referenceSeq(),
    ts: String(Date.now()),
    channel: "SYSTEM",
    type: "PONG",
    payload: { nonce },
  })
}
