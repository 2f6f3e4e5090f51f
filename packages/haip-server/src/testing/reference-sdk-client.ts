/**
 * A test client that behaves on the wire as the reference SDK (`@haip/sdk` 1.0.1) does in
 * `haip-wire/reference-server-with-reference-sdk.jsonl`: it sends its HAI at once (not waiting
 * for the server's) with its 15 `accept_events`, 10 credits and `auth.token`; its seq is a
 * millisecond timestamp; it sends at most 10 frames per channel and queues the rest forever
 * (it never reads FLOW_UPDATE); it answers PING with PONG on SYSTEM; and it drops, and counts,
 * every frame its validator refuses ("Invalid message format").
 */
import { randomUUID } from "node:crypto"
import WebSocket from "ws"
import type { HAIPMessage } from "../types.js"

/** The event types the reference SDK lists in its HAI, and the only ones it takes. */
export const REFERENCE_SDK_EVENTS = [
  "HAI",
  "PING",
  "PONG",
  "ERROR",
  "FLOW_UPDATE",
  "TRANSACTION_START",
  "TRANSACTION_END",
  "TRANSACTION_JOIN",
  "REPLAY_REQUEST",
  "MESSAGE_UPDATE",
  "MESSAGE",
  "AUDIO",
  "INFO",
  "TOOL_LIST",
  "TOOL_SCHEMA",
] as const

const EVENTS: ReadonlySet<string> = new Set(REFERENCE_SDK_EVENTS)
const CHANNELS: ReadonlySet<string> = new Set(["USER", "AGENT", "SYSTEM"])
/** Frames the SDK sends per channel before its never-replenished credits run out. */
const SDK_CREDITS = 10

const nonEmptyString = (value: unknown) => typeof value === "string" && value.length > 0

/** The reference SDK's check of an incoming frame: why it refuses it, or undefined. */
export function referenceSdkRefusal(frame: unknown): string | undefined {
  if (typeof frame !== "object" || frame === null) return "not an object"
  const record = frame as Record<string, unknown>
  for (const field of ["id", "session", "seq", "ts"]) {
    if (!nonEmptyString(record[field])) return `${field} is not a non-empty string`
  }
  if (!CHANNELS.has(record.channel as string)) return `channel ${String(record.channel)}`
  if (!EVENTS.has(record.type as string)) return `type ${String(record.type)}`
  if (!record.payload) return "payload is falsy"
  return undefined
}

/** A frame the validator refused. */
export interface RefusedFrame {
  text: string
  reason: string
}

/** Options of {@link ReferenceSdkClient.connect}. */
export interface ReferenceSdkClientOptions {
  /** Sent as `payload.auth.token` (default "Bearer TOKEN"). */
  token?: string
}

type Waiter = { predicate: (frame: HAIPMessage) => boolean; resolve(frame: HAIPMessage): void }

export class ReferenceSdkClient {
  /** Frames the validator took, in order of arrival. */
  readonly frames: HAIPMessage[] = []
  /** Frames the validator refused ("Invalid message format"). */
  readonly refused: RefusedFrame[] = []
  /** Frames it could not send: its credits on that channel were spent (it waits forever). */
  readonly stalled: HAIPMessage[] = []
  /** Its own session id: the SDK makes one up and puts it on every frame (servers ignore it). */
  readonly session = randomUUID()
  readonly closed: Promise<{ code: number; reason: string }>
  private readonly sentPerChannel = new Map<string, number>()
  private waiters: Waiter[] = []

  private constructor(
    readonly socket: WebSocket,
    private readonly token: string,
  ) {
    socket.on("message", (data) => this.receive(data.toString()))
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() }))
    })
  }

  /** Opens the socket and sends HAI at once, as the SDK does. */
  static async connect(
    url: string,
    options: ReferenceSdkClientOptions = {},
  ): Promise<ReferenceSdkClient> {
    const socket = new WebSocket(url)
    const client = new ReferenceSdkClient(socket, options.token ?? "Bearer TOKEN")
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve())
      socket.once("error", reject)
    })
    client.send("null", "SYSTEM", "HAI", {
      haip_version: "1.1.2",
      accept_major: [1],
      accept_events: [...REFERENCE_SDK_EVENTS],
      capabilities: {
        binary_frames: true,
        flow_control: { initial_credit_messages: SDK_CREDITS, initial_credit_bytes: 1048576 },
        max_concurrent_runs: 5,
        signed_envelopes: false,
      },
      auth: { token: client.token },
    })
    return client
  }

  /** `client.startTransaction(tool, params)`: resolves with the server's transaction id. */
  async startTransaction(toolName: string, params: Record<string, unknown> = {}): Promise<string> {
    const temporary = randomUUID()
    const from = this.frames.length
    this.send(temporary, "SYSTEM", "TRANSACTION_START", {
      auth: { token: this.token },
      toolName,
      params,
    })
    const reply = await this.waitFor(
      (frame) =>
        (frame.type === "TRANSACTION_START" && frame.payload?.referenceId === temporary) ||
        (frame.type === "ERROR" && frame.transaction === temporary),
      from,
    )
    if (reply.type === "ERROR") throw new Error(`${reply.payload.code}: ${reply.payload.message}`)
    return reply.transaction
  }

  /** `tx.sendTextMessage(text)`: a MESSAGE on USER whose payload is the text. */
  sendTextMessage(transaction: string, text: string): void {
    this.send(transaction, "USER", "MESSAGE", text)
  }

  /** The payloads of the AGENT MESSAGEs of a transaction received after index `from`. */
  messages(transaction: string, from = 0): unknown[] {
    return this.frames
      .slice(from)
      .filter((frame) => frame.transaction === transaction && frame.type === "MESSAGE")
      .map((frame) => frame.payload)
  }

  /** The first accepted frame at index `from` or later that matches; fails after `timeoutMs`. */
  waitFor(
    predicate: (frame: HAIPMessage) => boolean,
    from = 0,
    timeoutMs = 10_000,
  ): Promise<HAIPMessage> {
    const found = this.frames.slice(from).find(predicate)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const seen = this.frames.slice(-10).map((frame) => frame.type)
        const refused = this.refused.map((frame) => frame.reason)
        reject(
          new Error(
            `No matching frame within ${timeoutMs} ms; last taken: ${seen.join(", ")}; refused: ${refused.join(", ") || "none"}`,
          ),
        )
      }, timeoutMs)
      this.waiters.push({
        predicate,
        resolve: (frame) => {
          clearTimeout(timer)
          resolve(frame)
        },
      })
    })
  }

  /** Closes as the SDK's `disconnect()` does (1000). */
  close(): void {
    this.socket.close(1000, "Normal closure - Client Requested")
  }

  private receive(text: string): void {
    let frame: unknown
    try {
      frame = JSON.parse(text)
    } catch {
      this.refused.push({ text, reason: "not JSON" })
      return
    }
    const reason = referenceSdkRefusal(frame)
    if (reason !== undefined) {
      this.refused.push({ text, reason })
      return
    }
    const message = frame as HAIPMessage
    this.frames.push(message)
    if (message.type === "PING")
      this.send("null", "SYSTEM", "PONG", { nonce: message.payload.nonce })
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.predicate(message)) return true
      waiter.resolve(message)
      return false
    })
  }

  private send(transaction: string, channel: string, type: string, payload: unknown): void {
    const now = String(Date.now())
    const frame = {
      id: randomUUID(),
      transaction,
      session: this.session,
      seq: now,
      ts: now,
      channel,
      type,
      payload,
    } as HAIPMessage
    const sent = this.sentPerChannel.get(channel) ?? 0
    if (sent >= SDK_CREDITS) {
      this.stalled.push(frame)
      return
    }
    this.sentPerChannel.set(channel, sent + 1)
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame))
  }
}
