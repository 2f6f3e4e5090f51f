/**
 * A minimal raw-frame HAIP client for tests: it sends exactly the frames a test writes and keeps
 * every frame the server sent, so tests assert what is on the wire.
 */
import { randomUUID } from "node:crypto"
import WebSocket from "ws"
import type { HAIPMessage } from "../types.js"

export interface RawClientOptions {
  protocols?: string[]
  headers?: Record<string, string>
  /** Answer WebSocket pings (default true; false plays a socket that is dead underneath). */
  autoPong?: boolean
}

type Predicate = (frame: HAIPMessage) => boolean

export class RawClient {
  readonly frames: HAIPMessage[] = []
  /** Frames that were not JSON (should never happen). */
  readonly garbage: string[] = []
  private seq = 0
  private waiters: Array<{
    predicate: Predicate
    from: number
    resolve: (f: HAIPMessage) => void
  }> = []
  readonly closed: Promise<{ code: number; reason: string }>

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const text = data.toString()
      let frame: HAIPMessage
      try {
        frame = JSON.parse(text) as HAIPMessage
      } catch {
        this.garbage.push(text)
        return
      }
      this.frames.push(frame)
      this.waiters = this.waiters.filter((waiter) => {
        if (this.frames.length - 1 >= waiter.from && waiter.predicate(frame)) {
          waiter.resolve(frame)
          return false
        }
        return true
      })
    })
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() }))
    })
  }

  static async connect(url: string, options: RawClientOptions = {}): Promise<RawClient> {
    const socket = new WebSocket(url, options.protocols ?? [], {
      headers: options.headers ?? {},
      autoPong: options.autoPong ?? true,
    })
    const client = new RawClient(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve())
      socket.once("error", reject)
    })
    return client
  }

  /** Number of frames received so far (pass to `waitFor` to wait only for later ones). */
  mark(): number {
    return this.frames.length
  }

  /** Sends a frame, filling in the envelope fields the test left out. */
  send(frame: Partial<HAIPMessage> & { type: string }): HAIPMessage {
    this.seq += 1
    const full = {
      id: randomUUID(),
      transaction: "null",
      session: "",
      seq: String(this.seq),
      ts: String(Date.now()),
      channel: "USER",
      payload: {},
      ...frame,
    } as HAIPMessage
    this.sendRaw(JSON.stringify(full))
    return full
  }

  sendRaw(text: string): void {
    this.socket.send(text)
  }

  /** The first frame (at index `from` or later) that matches. */
  waitFor(predicate: Predicate, from = 0, timeoutMs = 8000): Promise<HAIPMessage> {
    const found = this.frames.slice(from).find(predicate)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const seen = this.frames
          .map((f) => `${f.type}${f.type === "ERROR" ? `:${f.payload?.code}` : ""}`)
          .slice(-20)
        reject(
          new Error(`No matching frame within ${timeoutMs} ms; last frames: ${seen.join(", ")}`),
        )
      }, timeoutMs)
      this.waiters.push({
        predicate,
        from,
        resolve: (frame) => {
          clearTimeout(timer)
          resolve(frame)
        },
      })
    })
  }

  waitForType(type: string, from = 0, timeoutMs?: number): Promise<HAIPMessage> {
    return this.waitFor((frame) => frame.type === type, from, timeoutMs)
  }

  /** Sends HAI and waits for the server's (the first one, or the one after `from`). */
  async hello(payload: Record<string, unknown> = {}, from = 0): Promise<HAIPMessage> {
    this.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { haip_version: "1.1.2", accept_major: [1], accept_events: [], ...payload },
    })
    return this.waitForType("HAI", from)
  }

  /** Opens a transaction for a tool and returns its id. */
  async startTransaction(toolName: string, params: Record<string, unknown> = {}): Promise<string> {
    const temporary = randomUUID()
    const from = this.mark()
    this.send({
      type: "TRANSACTION_START",
      channel: "SYSTEM",
      transaction: temporary,
      payload: { toolName, params },
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

  /** Frames after `from` of the given transaction, as `TYPE` strings (ERRORs with their code). */
  typesSince(from: number, transaction?: string): string[] {
    return this.frames
      .slice(from)
      .filter((frame) => transaction === undefined || frame.transaction === transaction)
      .map((frame) => (frame.type === "ERROR" ? `ERROR:${frame.payload.code}` : frame.type))
  }

  close(): void {
    this.socket.close()
  }

  /** Kills the TCP socket without a close handshake (a dropped connection). */
  kill(): void {
    this.socket.terminate()
  }
}
