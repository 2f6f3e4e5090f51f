/**
 * The client's sending side: frames stamped with seq and ack as they leave, data frames
 * through flow control, everything held while the link is down, and the frames the server
 * has not acknowledged kept to be written again after a resume.
 */
import { type Credits, FlowControl, type FlowIO } from "./flow-control.js"
import { consumesCredit, encodeFrame, generateUUID, utf8Length } from "./frames.js"
import type { Transport } from "./transports/transport.js"
import type { HAIPChannel, HAIPMessage } from "./types.js"

/** A frame on its way out; `text` is its encoding with the seq it will leave with. */
export interface Outgoing {
  frame: Omit<HAIPMessage, "seq" | "ack" | "session">
  binary?: ArrayBuffer
  text?: string
}

/** What the outbox needs from the connection. */
export interface OutboxLink {
  /** The transport, once open (control frames may leave before the handshake). */
  readonly transport: Transport | undefined
  /** Whether the handshake is complete (data waits until it is). */
  readonly ready: boolean
  readonly session: string
  /** The cumulative ack to put on each frame, if the server's seq is a counter. */
  readonly ack: string | undefined
  /** A frame left: `bytes` of text (plus binary). */
  written(bytes: number): void
}

interface Kept {
  seq: number
  text: string
  binary?: ArrayBuffer
}

/** Frames kept until the server acknowledges them, to send again after a resume. */
const resendable: ReadonlySet<string> = new Set([
  "MESSAGE",
  "MESSAGE_START",
  "MESSAGE_PART",
  "MESSAGE_END",
  "TOOL_CALL",
  "TOOL_UPDATE",
  "TOOL_DONE",
  "TOOL_CANCEL",
  "AUDIO_CHUNK",
  "RUN_STARTED",
  "RUN_FINISHED",
  "RUN_CANCEL",
  "TRANSACTION_START",
  "TRANSACTION_END",
])
const resendLimit = 4096

export class Outbox {
  readonly flow: FlowControl<Outgoing>
  readonly #link: OutboxLink
  #seq = 1
  #offline: Outgoing[] = []
  /** Written frames the server has not acknowledged yet (it drops repeats by frame id). */
  #unacked: Kept[] = []
  /** How flow control measures and writes a frame. */
  readonly io: FlowIO<Outgoing> = {
    measure: (outgoing) => this.#measure(outgoing),
    write: (outgoing, bytes) => this.#write(outgoing, bytes),
  }

  constructor(link: OutboxLink, grant: Credits) {
    this.#link = link
    this.flow = new FlowControl<Outgoing>(grant)
  }

  /** Sends a frame when the link allows: data frames wait for credits, all wait for the handshake. */
  submit(outgoing: Outgoing): void {
    if (!this.#link.ready || !this.#link.transport) {
      this.#offline.push(outgoing)
      return
    }
    if (consumesCredit(outgoing.frame.type, outgoing.frame.channel)) {
      this.flow.submit(outgoing.frame.channel, outgoing, this.io)
    } else {
      this.#write(outgoing, this.#measure(outgoing))
    }
  }

  /** Sends a control frame now, ahead of any queue (HAI, PONG, acks, grants). */
  sendControl(type: HAIPMessage["type"], payload: unknown, extra: Partial<HAIPMessage> = {}): void {
    if (!this.#link.transport) return
    const outgoing: Outgoing = {
      frame: {
        id: generateUUID(),
        transaction: extra.transaction ?? null,
        ts: String(Date.now()),
        channel: "SYSTEM",
        type,
        payload,
        ...extra,
      },
    }
    this.#write(outgoing, this.#measure(outgoing))
  }

  /** Acts on the server's PING (a PONG goes back) and flow frames (credits, pause, resume). */
  applyControl(type: HAIPMessage["type"], payload: Record<string, unknown>): void {
    switch (type) {
      case "PING":
        this.sendControl("PONG", { nonce: payload.nonce ?? null })
        return
      case "FLOW_UPDATE":
        this.flow.addCredits(
          payload.channel as HAIPChannel,
          Number(payload.add_messages ?? 0),
          Number(payload.add_bytes ?? 0),
          this.io,
        )
        return
      case "PAUSE_CHANNEL":
        if (typeof payload.channel === "string")
          this.flow.pauseChannel(payload.channel as HAIPChannel)
        return
      case "RESUME_CHANNEL":
        if (typeof payload.channel === "string")
          this.flow.resumeChannel(payload.channel as HAIPChannel, this.io)
        return
    }
  }

  /** The server acknowledged every frame up to `ack`. */
  acknowledged(ack: number): void {
    if (this.#unacked.length === 0) return
    let index = 0
    while (index < this.#unacked.length && (this.#unacked[index]?.seq ?? 0) <= ack) index++
    if (index > 0) this.#unacked.splice(0, index)
  }

  /** A new session: seqs start over and nothing of the old one is sent again. */
  startSession(): void {
    this.#seq = 1
    this.#unacked = []
  }

  /**
   * The handshake completed: after a resume, write again what the server may have missed;
   * after a lost session, drop frames of the old transactions; then send what waited.
   */
  afterHandshake(outcome: "fresh" | "resumed" | "lost"): void {
    const transport = this.#link.transport
    if (outcome === "resumed" && transport) {
      for (const kept of this.#unacked) {
        transport.send(kept.text)
        if (kept.binary) transport.sendBinary(kept.binary)
      }
    } else this.#unacked = []
    // After a lost session only frames outside the old transactions still make sense
    // (a TRANSACTION_START opens a new one).
    const offline =
      outcome === "lost"
        ? this.#offline.filter(
            (outgoing) =>
              outgoing.frame.transaction === null || outgoing.frame.type === "TRANSACTION_START",
          )
        : this.#offline
    this.#offline = []
    for (const outgoing of offline) this.submit(outgoing)
    this.flow.releasable(undefined, this.io)
  }

  /** Forgets everything waiting (the client gave up). */
  dropAll(): void {
    this.#offline = []
    this.flow.drainAll()
  }

  #measure(outgoing: Outgoing): number {
    const frame = outgoing.frame as HAIPMessage
    frame.session = this.#link.session
    frame.seq = String(this.#seq)
    const ack = this.#link.ack
    if (ack !== undefined) frame.ack = ack
    else delete frame.ack
    outgoing.text = encodeFrame(frame)
    return utf8Length(outgoing.text)
  }

  #write(outgoing: Outgoing, bytes: number): void {
    const transport = this.#link.transport
    if (!transport || outgoing.text === undefined) {
      this.#offline.push(outgoing)
      return
    }
    transport.send(outgoing.text)
    if (outgoing.binary) transport.sendBinary(outgoing.binary)
    if (resendable.has(outgoing.frame.type)) {
      const kept: Kept = { seq: this.#seq, text: outgoing.text }
      if (outgoing.binary) kept.binary = outgoing.binary
      this.#unacked.push(kept)
      if (this.#unacked.length > resendLimit) this.#unacked.shift()
    }
    this.#seq++
    this.#link.written(bytes + (outgoing.binary?.byteLength ?? 0))
  }
}
