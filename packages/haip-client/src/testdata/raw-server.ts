/**
 * A bare WebSocket server for tests that need a misbehaving peer: it greets with a HAI (as
 * our server does: counter seqs, resume and run events) and then sends whatever the test
 * pushes, garbage included. It answers PING with PONG unless told to go silent.
 */
import { randomUUID } from "node:crypto"
import { type WebSocket, WebSocketServer } from "ws"

export interface RawServer {
  url: string
  session: string
  /** Sends raw text to every connected client. */
  send(text: string): void
  /** A well-formed frame of the session with the given seq. */
  frame(seq: number, type: string, payload: unknown, transaction?: string): string
  goSilent(): void
  received: string[]
  /** Binary frames clients sent. */
  binary: Buffer[]
  close(): Promise<void>
}

/** What the server's HAI says. */
export interface RawServerHai {
  /** Default: resume and run events, as ours. */
  capabilities?: Record<string, unknown>
  /** Default: none (the client then sends everything). */
  acceptEvents?: string[]
  /** The HAI's seq (default "0", as ours). */
  seq?: string
}

export async function startRawServer(hai: RawServerHai = {}): Promise<RawServer> {
  const { capabilities = { resume: true, run_events: true }, acceptEvents, seq = "0" } = hai
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" })
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))
  const session = randomUUID()
  const sockets = new Set<WebSocket>()
  const received: string[] = []
  const binary: Buffer[] = []
  let silent = false
  const frame = (seq: number, type: string, payload: unknown, transaction = "null") =>
    JSON.stringify({
      id: randomUUID(),
      transaction,
      session,
      seq: String(seq),
      ts: String(Date.now()),
      channel: type === "MESSAGE" ? "AGENT" : "SYSTEM",
      type,
      payload,
    })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    const greeting = JSON.parse(
      frame(0, "HAI", {
        haip_version: "1.1.2",
        session,
        capabilities,
        ...(acceptEvents === undefined ? {} : { accept_events: acceptEvents }),
      }),
    )
    socket.send(JSON.stringify({ ...greeting, seq }))
    socket.on("message", (data, isBinary) => {
      if (isBinary) {
        binary.push(Buffer.from(data as Buffer))
        return
      }
      received.push(String(data))
      if (silent) return
      try {
        const parsed = JSON.parse(String(data)) as { type?: string; payload?: { nonce?: unknown } }
        if (parsed.type === "PING") socket.send(frame(0, "PONG", { nonce: parsed.payload?.nonce }))
      } catch {
        // the client only sends JSON
      }
    })
  })
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : 0
  return {
    url: `ws://127.0.0.1:${port}`,
    session,
    send: (text) => {
      for (const socket of sockets) socket.send(text)
    },
    frame,
    goSilent: () => {
      silent = true
    },
    received,
    binary,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.terminate()
        server.close(() => resolve())
      }),
  }
}
