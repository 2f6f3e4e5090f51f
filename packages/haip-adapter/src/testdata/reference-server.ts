/**
 * A stand-in for the reference server as its code runs today (`@haip/server` 1.0.1): HAI
 * first with no run events, resume or flow control; timestamp seqs; transactions; a whole
 * `MESSAGE` per answer, no RUN_* frames. `replies` says what to answer per user message (a
 * {@link FrameReply} for another type).
 * Also lets a test send raw text (garbage) and go silent (no PONG).
 */
import { randomUUID } from "node:crypto"
import { REFERENCE_SDK_EVENTS } from "@aichatkit/haip-server/testing"
import { type WebSocket, WebSocketServer } from "ws"

export interface ReferenceServer {
  url: string
  /** Every frame clients sent, parsed. */
  received: Record<string, unknown>[]
  /** Sends raw text to every connected client. */
  broadcast(text: string): void
  /** Stops answering anything (no PONG, no replies) on the connections open now; later ones are answered. */
  goSilent(): void
  /** Cuts every connection (the server keeps listening). */
  dropAll(): void
  connections(): number
  close(): Promise<void>
}

/** A reply frame other than a whole MESSAGE (`replies` may mix them with MESSAGE payloads). */
export class FrameReply {
  constructor(
    readonly type: string,
    readonly payload: unknown,
  ) {}
}

/** The HAI the reference server greets with (the SDK's `accept_events`, as the recording shows). */
const referenceHello = {
  haip_version: "1.1.2",
  accept_major: [1],
  accept_events: REFERENCE_SDK_EVENTS,
  capabilities: {
    binary_frames: true,
    flow_control: { initial_credit_messages: 1000, initial_credit_bytes: 1048576 },
    max_concurrent_runs: 10,
    signed_envelopes: false,
  },
}

type FrameMaker = (
  transaction: string | null,
  channel: string,
  type: string,
  payload: unknown,
) => string

export async function startReferenceServer(
  replies: (text: string) => unknown[] = (text) => [`Arr: ${text}`],
): Promise<ReferenceServer> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" })
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))
  const received: Record<string, unknown>[] = []
  const sockets = new Set<WebSocket>()
  const silenced = new WeakSet<WebSocket>()
  let clock = Date.now()
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    const session = randomUUID()
    const frame: FrameMaker = (transaction, channel, type, payload) => {
      clock += 1
      return JSON.stringify({
        id: randomUUID(),
        transaction: transaction ?? "null",
        session,
        seq: String(clock),
        ts: String(clock),
        channel,
        type,
        payload,
      })
    }
    socket.send(frame(null, "SYSTEM", "HAI", referenceHello))
    socket.on("message", (data) => {
      if (silenced.has(socket)) return
      let parsed: Record<string, unknown>
      try {
        parsed = JSON.parse(String(data)) as Record<string, unknown>
      } catch {
        return
      }
      received.push(parsed)
      answer(socket, parsed, frame, replies)
    })
  })
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : 0
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    broadcast: (text) => {
      for (const socket of sockets) socket.send(text)
    },
    goSilent: () => {
      for (const socket of sockets) silenced.add(socket)
    },
    dropAll: () => {
      for (const socket of sockets) socket.terminate()
    },
    connections: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.terminate()
        server.close(() => resolve())
      }),
  }
}

/** Answers one client frame as the reference server does. */
function answer(
  socket: WebSocket,
  parsed: Record<string, unknown>,
  frame: FrameMaker,
  replies: (text: string) => unknown[],
): void {
  const payload = parsed.payload as Record<string, unknown>
  switch (parsed.type) {
    case "HAI":
      if ((payload?.auth as { token?: string } | undefined)?.token !== "Bearer TOKEN") {
        socket.send(
          frame(null, "SYSTEM", "ERROR", { code: "FAILED_AUTH", message: "Authentication failed" }),
        )
        socket.close(1008, "FAILED_AUTH")
      }
      return
    case "PING":
      socket.send(frame(null, "SYSTEM", "PONG", { nonce: payload?.nonce }))
      return
    case "TRANSACTION_START":
      socket.send(
        frame(randomUUID(), "SYSTEM", "TRANSACTION_START", { referenceId: parsed.transaction }),
      )
      return
    case "MESSAGE":
      for (const reply of replies(String(parsed.payload))) {
        const [type, body] =
          reply instanceof FrameReply ? [reply.type, reply.payload] : ["MESSAGE", reply]
        socket.send(frame(String(parsed.transaction), "AGENT", type, body))
      }
      return
  }
}
