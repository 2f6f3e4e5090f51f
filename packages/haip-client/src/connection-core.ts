/**
 * The connection core of the client: connect, disconnect, receiving and sending. Its parts: the
 * link's lifecycle (`link.ts`: transport, handshake attempt, loss, reconnect, heartbeat), the
 * handshake and session (`handshake.ts`), seq/ack, replay and credits on the way in
 * (`inbox.ts`) and out (`outbox.ts`). {@link HAIPConnection} loads it with a dynamic import()
 * the first time the app connects, so a page pays for it only once it does.
 */

import type { ResolvedConfig } from "./config.js"
import type { ConnectionPhase } from "./connection-events.js"
import { createParts, type PartsHost } from "./connection-parts.js"
import { asHAIPError, checkedFrame, finalServerError } from "./connection-support.js"
import { isRecord } from "./envelope.js"
import { HAIPError } from "./errors.js"
import type { FlowControl } from "./flow-control.js"
import { consumesCredit, decodeFrame } from "./frames.js"
import type { Handshake } from "./handshake.js"
import type { Inbox } from "./inbox.js"
import { envelopeOfLargeFrame } from "./large-frames.js"
import type { Link } from "./link.js"
import { StreamedMessageIds } from "./message-ids.js"
import type { Outbox, Outgoing } from "./outbox.js"
import type { Sequencer } from "./sequencer.js"
import type { HAIPMessage, HAIPOutgoingMessage, HAIPServerInfo } from "./types.js"

/** What the core needs from the connection that loaded it. */
export interface CoreHost extends Pick<PartsHost, "config" | "metrics" | "authProvider" | "emit"> {
  /** A frame was delivered (in order, no duplicates). */
  onFrame(frame: HAIPMessage): void
  /** The connection ended for good, or the client disconnected. */
  onConnectionEnded(error: HAIPError): void
  /** The session was lost; its transactions are gone. */
  onSessionLost(): void
}

export class ConnectionCore {
  readonly config: ResolvedConfig
  readonly #host: CoreHost
  #connecting: Promise<void> | undefined
  readonly #link: Link
  readonly #inbox: Inbox
  readonly #outbox: Outbox
  readonly #handshake: Handshake
  readonly #messageIds = new StreamedMessageIds()

  constructor(host: CoreHost) {
    this.#host = host
    this.config = host.config
    const parts = createParts({
      config: this.config,
      metrics: host.metrics,
      get authProvider() {
        return host.authProvider
      },
      emit: (name, ...args) => host.emit(name, ...args),
      receive: (text) => this.#onText(text),
      handle: (frame) => this.#handleFrame(frame),
      ended: (error) => host.onConnectionEnded(error),
      sessionLost: () => host.onSessionLost(),
    })
    this.#link = parts.link
    this.#outbox = parts.outbox
    this.#inbox = parts.inbox
    this.#handshake = parts.handshake
  }

  /** Opens the link and completes the handshake. */
  connect(): Promise<void> {
    const link = this.#link
    if (link.phase === "open") return Promise.resolve()
    if (this.#connecting) return this.#connecting
    link.userClosed = false
    link.fatal = undefined
    this.#connecting = link
      .attempt(false)
      .catch((error: unknown) => {
        const failure = asHAIPError(error, "CONNECTION_FAILED")
        link.phase = "closed"
        if (failure !== link.fatal) this.#host.emit("error", failure)
        throw failure
      })
      .finally(() => {
        this.#connecting = undefined
      })
    return this.#connecting
  }

  /** Closes the link for good (no reconnect). */
  async disconnect(): Promise<void> {
    const link = this.#link
    const wasClosed = link.phase === "closed" || link.phase === "idle"
    link.userClosed = true
    link.reconnector.cancelWait()
    link.stopTimers()
    this.#handshake.reject(new HAIPError("CONNECTION_FAILED", "The client disconnected."))
    this.#host.onConnectionEnded(new HAIPError("NOT_CONNECTED", "The client disconnected."))
    const transport = link.transport
    link.transport = undefined
    this.#handshake.done = false
    link.phase = "closed"
    transport?.close(1000, "client disconnect")
    if (!wasClosed) this.#host.emit("disconnect", "client disconnect")
  }

  /** Whether the handshake is complete and the link is up. */
  isConnected(): boolean {
    return this.#link.phase === "open"
  }

  /** The connection's phase. */
  get phase(): ConnectionPhase {
    return this.#link.phase
  }

  /** The session id the server assigned ("" before the first handshake). */
  get sessionId(): string {
    return this.#handshake.session
  }

  /** What the server's HAI announced. */
  get serverInfo(): HAIPServerInfo | undefined {
    return this.#handshake.serverInfo
  }

  get sequencer(): Sequencer<HAIPMessage> {
    return this.#inbox.sequencer
  }

  get flow(): FlowControl<Outgoing> {
    return this.#outbox.flow
  }

  get reconnectAttempts(): number {
    return this.#link.reconnector.attempts
  }

  /**
   * Sends a frame. Data frames wait for credits; everything waits while the link is down
   * and leaves after the handshake. Resolves with the frame id once accepted.
   */
  sendMessage(message: HAIPOutgoingMessage): Promise<string> {
    const { fatal, phase } = this.#link
    if (fatal) return Promise.reject(fatal)
    if (phase === "idle" || phase === "closed") {
      return Promise.reject(
        new HAIPError("NOT_CONNECTED", "The client is not connected; call connect() first."),
      )
    }
    const checked = checkedFrame(message, this.#handshake.serverInfo, this.config.maxFrameBytes)
    if (checked instanceof HAIPError) return Promise.reject(checked)
    const frame = checked
    this.#outbox.submit({ frame })
    return Promise.resolve(frame.id)
  }

  /** Sends an envelope and a raw binary frame (WebSocket) or the data base64-encoded (HTTP). */
  submitBinary(frame: Outgoing["frame"], data: ArrayBuffer): void {
    this.#outbox.submit({ frame, binary: data })
  }

  get supportsBinary(): boolean {
    return this.#link.transport?.supportsBinary ?? this.config.transport === "websocket"
  }

  // ---- receiving --------------------------------------------------------------------------

  #onText(text: string): void {
    if (this.#handshake.hold(text)) return
    const receivedAt = Date.now()
    this.#link.lastReceivedAt = receivedAt
    const decoded = decodeFrame(text, this.config.maxFrameBytes)
    this.#host.metrics.received(decoded.bytes, receivedAt)
    if (!decoded.ok) {
      // A frame skipped for its size still counts: the server charged it to the credits this
      // side granted, and its seq is taken. Without both the grant back never comes and the
      // frames after it wait for it, so the run would never end.
      const envelope =
        decoded.problem.code === "PAYLOAD_TOO_LARGE" && this.#handshake.done
          ? envelopeOfLargeFrame(text)
          : undefined
      if (envelope && consumesCredit(envelope.type, envelope.channel)) {
        this.#inbox.account(envelope.channel, decoded.bytes)
      }
      if (envelope?.seq !== undefined) this.#inbox.skipped(Number(envelope.seq))
      this.#host.emit(
        "error",
        new HAIPError(
          decoded.problem.code,
          `The server sent a frame the client cannot use: ${decoded.problem.message} It was skipped.`,
          { detail: text.slice(0, 200) },
        ),
      )
      return
    }
    const frame = decoded.frame
    for (const message of decoded.warnings ?? []) this.#warn(message, frame)
    if (frame.ack !== undefined) this.#outbox.acknowledged(Number(frame.ack))
    if (consumesCredit(frame.type, frame.channel)) this.#inbox.account(frame.channel, decoded.bytes)
    if (!this.#handshake.done) this.#handshake.receive(frame)
    else if (frame.type === "HAI") this.#handshake.receiveLateHai(frame)
    else this.#inbox.accept(frame)
  }

  #handleFrame(frame: HAIPMessage): void {
    const payload = isRecord(frame.payload) ? frame.payload : {}
    const final = frame.type === "ERROR" ? finalServerError(payload) : undefined
    if (final) {
      this.#link.fail(final)
      return
    }
    const madeId = this.#messageIds.fill(frame)
    if (madeId !== undefined) this.#warn(madeId, frame)
    this.#outbox.applyControl(frame.type, payload)
    this.#host.onFrame(frame)
    this.#host.emit("message", frame)
  }

  /** A frame was used although a field of it was not as expected. */
  #warn(message: string, frame: HAIPMessage): void {
    this.#host.emit("warning", {
      code: "UNEXPECTED_FIELD",
      message,
      frameId: frame.id,
      frameType: frame.type,
    })
  }
}
