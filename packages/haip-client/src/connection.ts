/**
 * The connection core of the client: the link's lifecycle (transport, connect, disconnect,
 * loss, reconnect), receiving and sending. Its parts: the handshake and session
 * (`handshake.ts`), seq/ack, replay and credits on the way in (`inbox.ts`) and out
 * (`outbox.ts`), the heartbeat (`heartbeat.ts`), the reconnect policy (`reconnect.ts`).
 * The seed's API ({@link HAIPClientImpl}) is built on top of it.
 */
import type { ConnectionPhase, HAIPClientEvents } from "./connection-events.js"
import {
  asHAIPError,
  clientHello,
  describe,
  finalServerError,
  heldCredits,
  isRecord,
  outgoingFrame,
  type ResolvedConfig,
  refusedType,
  resolveConfig,
} from "./connection-support.js"
import { TypedEmitter } from "./emitter.js"
import { HAIPError } from "./errors.js"
import type { FlowControl } from "./flow-control.js"
import { consumesCredit, decodeFrame, utf8Length } from "./frames.js"
import { Handshake } from "./handshake.js"
import { startHeartbeat } from "./heartbeat.js"
import { Inbox } from "./inbox.js"
import { StreamedMessageIds } from "./message-ids.js"
import { Outbox, type Outgoing } from "./outbox.js"
import { Reconnector } from "./reconnect.js"
import type { Sequencer } from "./sequencer.js"
import { Timers } from "./timers.js"
import {
  createTransport,
  type Transport,
  type TransportCloseInfo,
  type TransportOptions,
} from "./transports/index.js"
import type {
  HAIPAuth,
  HAIPClientConfig,
  HAIPMessage,
  HAIPOutgoingMessage,
  HAIPPerformanceMetrics,
  HAIPServerInfo,
} from "./types.js"

export type { ConnectionPhase, HAIPClientEvents } from "./connection-events.js"

export class HAIPConnection extends TypedEmitter<HAIPClientEvents> {
  protected readonly config: ResolvedConfig
  #authProvider: (() => HAIPAuth | Promise<HAIPAuth>) | undefined
  #transport: Transport | undefined
  #phase: ConnectionPhase = "idle"
  #connecting: Promise<void> | undefined
  #userClosed = false
  #fatal: HAIPError | undefined
  #lastReceivedAt = 0
  #attemptStartedAt = 0
  readonly #inbox: Inbox
  readonly #outbox: Outbox
  readonly #handshake: Handshake
  readonly #reconnector = new Reconnector()
  readonly #messageIds = new StreamedMessageIds()
  readonly #timers = new Timers()
  readonly #metrics: HAIPPerformanceMetrics = {
    messagesSent: 0,
    messagesReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
    connectionTime: 0,
    lastUpdated: Date.now(),
  }

  constructor(config: HAIPClientConfig) {
    super()
    this.config = resolveConfig(config)
    const connection = this
    this.#outbox = new Outbox(
      {
        get transport() {
          return connection.#transport
        },
        get ready() {
          return connection.#phase === "open"
        },
        get session() {
          return connection.#handshake.session
        },
        get ack() {
          const sequencer = connection.#inbox.sequencer
          return sequencer.ordered && sequencer.lastDelivered > 0
            ? String(sequencer.lastDelivered)
            : undefined
        },
        written: (bytes) => {
          this.#inbox.written()
          this.#metrics.messagesSent++
          this.#metrics.bytesSent += bytes
          this.#metrics.lastUpdated = Date.now()
        },
      },
      { messages: this.config.initialCredits, bytes: this.config.initialCreditBytes },
    )
    this.#inbox = new Inbox(
      {
        replayGapDelay: this.config.replayGapDelay,
        ackEvery: this.config.ackEvery,
        get serverLimited() {
          return heldCredits(connection.#handshake.serverInfo) !== undefined
        },
        get grantsHeeded() {
          return connection.#handshake.serverInfo?.generation !== "reference"
        },
        get halted() {
          return connection.#fatal !== undefined
        },
        sendControl: (type, payload) => this.#outbox.sendControl(type, payload),
        error: (error) => this.emit("error", error),
        warn: (warning) => this.emit("warning", warning),
        handle: (frame) => this.#handleFrame(frame),
      },
      this.#outbox.flow,
    )
    this.#handshake = new Handshake({
      timers: this.#timers,
      inbox: this.#inbox,
      outbox: this.#outbox,
      get linked() {
        return connection.#transport !== undefined
      },
      emit: (name, ...args) => this.emit(name, ...args),
      fail: (error) => this.#fail(error),
      opened: () => {
        this.#phase = "open"
        this.#metrics.connectionTime = Date.now() - this.#attemptStartedAt
        this.#startHeartbeat()
      },
      sessionLost: () => this.onSessionLost(),
    })
  }

  /** Supplies the HAI's `payload.auth` (the reference SDK's form); called on every (re)connect. */
  authenticate(provider: () => HAIPAuth | Promise<HAIPAuth>): this {
    this.#authProvider = provider
    return this
  }

  /** Opens the link and completes the handshake. */
  connect(): Promise<void> {
    if (this.#phase === "open") return Promise.resolve()
    if (this.#connecting) return this.#connecting
    this.#userClosed = false
    this.#fatal = undefined
    this.#connecting = this.#attempt(false)
      .catch((error: unknown) => {
        const failure = asHAIPError(error, "CONNECTION_FAILED")
        this.#phase = "closed"
        if (failure !== this.#fatal) this.emit("error", failure)
        throw failure
      })
      .finally(() => {
        this.#connecting = undefined
      })
    return this.#connecting
  }

  /** Closes the link for good (no reconnect). */
  async disconnect(): Promise<void> {
    const wasClosed = this.#phase === "closed" || this.#phase === "idle"
    this.#userClosed = true
    this.#reconnector.cancelWait()
    this.#stopTimers()
    this.#handshake.reject(new HAIPError("CONNECTION_FAILED", "The client disconnected."))
    this.onConnectionEnded(new HAIPError("NOT_CONNECTED", "The client disconnected."))
    const transport = this.#transport
    this.#transport = undefined
    this.#handshake.done = false
    this.#phase = "closed"
    transport?.close(1000, "client disconnect")
    if (!wasClosed) this.emit("disconnect", "client disconnect")
  }

  /** Whether the handshake is complete and the link is up. */
  isConnected(): boolean {
    return this.#phase === "open"
  }

  /** The connection's phase. */
  get phase(): ConnectionPhase {
    return this.#phase
  }

  /** The session id the server assigned ("" before the first handshake). */
  get sessionId(): string {
    return this.#handshake.session
  }

  /** What the server's HAI announced. */
  get serverInfo(): HAIPServerInfo | undefined {
    return this.#handshake.serverInfo
  }

  protected get sequencer(): Sequencer<HAIPMessage> {
    return this.#inbox.sequencer
  }

  protected get flow(): FlowControl<Outgoing> {
    return this.#outbox.flow
  }

  protected get reconnectAttempts(): number {
    return this.#reconnector.attempts
  }

  /** Counters since the client was created. */
  getPerformanceMetrics(): HAIPPerformanceMetrics {
    return { ...this.#metrics }
  }

  /** Hook: a frame was delivered (in order, no duplicates). */
  protected onFrame(_frame: HAIPMessage): void {}

  /** Hook: the connection ended for good, or the client disconnected. */
  protected onConnectionEnded(_error: HAIPError): void {}

  /** Hook: the session was lost; its transactions are gone. */
  protected onSessionLost(): void {}

  /**
   * Sends a frame. Data frames wait for credits; everything waits while the link is down
   * and leaves after the handshake. Resolves with the frame id once accepted.
   */
  sendMessage(message: HAIPOutgoingMessage): Promise<string> {
    if (this.#fatal) return Promise.reject(this.#fatal)
    if (this.#phase === "idle" || this.#phase === "closed") {
      return Promise.reject(
        new HAIPError("NOT_CONNECTED", "The client is not connected; call connect() first."),
      )
    }
    // Send a peer only what it said it accepts: the reference server refuses the spec's
    // run and streaming types with an ERROR at best.
    const refused = refusedType(this.#handshake.serverInfo, message.type)
    if (refused) return Promise.reject(new HAIPError("UNSUPPORTED_TYPE", refused))
    const frame = outgoingFrame(message)
    const size = utf8Length(JSON.stringify(frame.payload ?? null))
    if (size > this.config.maxFrameBytes) {
      return Promise.reject(
        new HAIPError(
          "PAYLOAD_TOO_LARGE",
          `The ${frame.type} payload is ${size} bytes, over the ${this.config.maxFrameBytes} byte frame limit; split it.`,
        ),
      )
    }
    this.#outbox.submit({ frame })
    return Promise.resolve(frame.id)
  }

  /** Sends an envelope and a raw binary frame (WebSocket) or the data base64-encoded (HTTP). */
  protected submitBinary(frame: Outgoing["frame"], data: ArrayBuffer): void {
    this.#outbox.submit({ frame, binary: data })
  }

  protected get supportsBinary(): boolean {
    return this.#transport?.supportsBinary ?? this.config.transport === "websocket"
  }

  // ---- connecting -------------------------------------------------------------------------

  async #attempt(resume: boolean): Promise<void> {
    this.#phase = resume ? "reconnecting" : "connecting"
    this.#attemptStartedAt = Date.now()
    this.#handshake.reset()
    let auth: HAIPAuth | undefined
    try {
      auth = this.#authProvider ? await this.#authProvider() : undefined
    } catch (error) {
      throw new HAIPError(
        "AUTHENTICATION_FAILED",
        `The authenticate callback failed: ${describe(error)}`,
      )
    }
    if (!auth && this.config.token !== undefined) auth = { token: this.config.token }
    const token = typeof auth?.token === "string" ? auth.token : this.config.token
    const handshake = this.#handshake.start(resume)
    const transport = this.#createTransport(token)
    this.#transport = transport
    this.#timers.set("handshake", this.config.handshakeTimeout, () => {
      this.#handshake.reject(
        new HAIPError(
          "HANDSHAKE_TIMEOUT",
          `The server at ${this.config.url} did not complete the HAIP handshake within ${this.config.handshakeTimeout} ms.`,
          { retryable: true },
        ),
      )
      if (this.#transport === transport) transport.close(4000, "handshake timeout", { abort: true })
    })
    try {
      await transport.open()
    } catch (error) {
      this.#timers.clear("handshake")
      if (this.#transport === transport) this.#transport = undefined
      throw new HAIPError(
        "CONNECTION_FAILED",
        `Could not connect to ${this.config.url}: ${describe(error)}. Check the URL and that the server runs.`,
        { retryable: true, detail: error },
      )
    }
    if (this.#transport !== transport)
      throw new HAIPError("CONNECTION_FAILED", "The connection was closed while opening.")
    this.emit("connect")
    this.#lastReceivedAt = Date.now()
    const resumeSession = this.#handshake.resumeSession
    const payload = clientHello(this.config, {
      binaryFrames: transport.supportsBinary,
      auth,
      ...(resumeSession === undefined
        ? {}
        : { resume: { session: resumeSession, lastRxSeq: this.#inbox.sequencer.lastDelivered } }),
    })
    this.#outbox.sendControl("HAI", payload)
    for (const text of this.#handshake.releaseHeld()) {
      if (this.#transport === transport) this.#onText(text)
    }
    try {
      await handshake
    } finally {
      this.#timers.clear("handshake")
    }
  }

  #createTransport(token: string | undefined): Transport {
    const options: TransportOptions = {
      url: this.config.url,
      handlers: {
        onText: (text) => {
          if (this.#transport === transport) this.#guard(() => this.#onText(text))
        },
        onBinary: (data) => {
          if (this.#transport === transport) this.#guard(() => this.emit("binary", data))
        },
        onClose: (info) => this.#guard(() => this.#onClose(transport, info)),
      },
    }
    if (token !== undefined) options.token = token
    if (this.config.headers) options.headers = this.config.headers
    const transport = createTransport(this.config.transport, options)
    return transport
  }

  /** Nothing throws across a socket callback: a failure in the client is reported instead. */
  #guard(action: () => void): void {
    try {
      action()
    } catch (error) {
      this.emit(
        "error",
        new HAIPError(
          "INTERNAL_ERROR",
          `The client failed while handling the connection (${describe(error)}); please report it.`,
          { detail: error },
        ),
      )
    }
  }

  #onClose(transport: Transport, info: TransportCloseInfo): void {
    if (this.#transport !== transport) return
    this.#transport = undefined
    this.#stopTimers()
    const wasOpen = this.#handshake.done
    this.#handshake.done = false
    if (this.#fatal || this.#userClosed) {
      this.#phase = "closed"
      return
    }
    const reason = info.reason || `connection closed (code ${info.code})`
    if (!wasOpen) {
      this.#handshake.reject(
        new HAIPError(
          "CONNECTION_FAILED",
          `The connection to ${this.config.url} closed during the handshake (${reason}).`,
          { retryable: true, detail: info.error },
        ),
      )
      return
    }
    this.emit("disconnect", reason)
    if (this.config.maxReconnectAttempts <= 0) {
      this.#giveUp(
        new HAIPError(
          "CONNECTION_FAILED",
          `The connection to ${this.config.url} was lost (${reason}) and reconnecting is off.`,
        ),
      )
      return
    }
    this.#phase = "reconnecting"
    const connection = this
    void this.#reconnector.run({
      url: this.config.url,
      maxReconnectAttempts: this.config.maxReconnectAttempts,
      reconnectDelay: this.config.reconnectDelay,
      maxReconnectDelay: this.config.maxReconnectDelay,
      get stopped() {
        return connection.#userClosed || connection.#fatal !== undefined
      },
      scheduled: (attempt) => this.emit("reconnecting", attempt),
      attempt: () => this.#attempt(true),
      attemptFailed: (error) => this.emit("error", asHAIPError(error, "CONNECTION_FAILED")),
      gaveUp: (error) => this.#giveUp(error),
    })
  }

  #giveUp(error: HAIPError): void {
    this.#phase = "closed"
    this.#reconnector.reset()
    this.#outbox.dropAll()
    this.emit("error", error)
    this.onConnectionEnded(error)
  }

  #fail(error: HAIPError): void {
    this.#fatal = error
    this.#phase = "closed"
    this.#stopTimers()
    this.#outbox.dropAll()
    this.emit("error", error)
    this.#handshake.reject(error)
    this.onConnectionEnded(error)
    const transport = this.#transport
    this.#transport = undefined
    if (transport) {
      transport.close(1008, error.code)
      this.emit("disconnect", error.message)
    }
  }

  // ---- receiving --------------------------------------------------------------------------

  #onText(text: string): void {
    if (this.#handshake.hold(text)) return
    this.#lastReceivedAt = Date.now()
    const decoded = decodeFrame(text, this.config.maxFrameBytes)
    this.#metrics.messagesReceived++
    this.#metrics.bytesReceived += decoded.bytes
    this.#metrics.lastUpdated = this.#lastReceivedAt
    if (!decoded.ok) {
      this.emit(
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
    if (decoded.warnings) {
      for (const message of decoded.warnings)
        this.emit("warning", {
          code: "UNEXPECTED_FIELD",
          message,
          frameId: frame.id,
          frameType: frame.type,
        })
    }
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
      this.#fail(final)
      return
    }
    const madeId = this.#messageIds.fill(frame)
    if (madeId !== undefined) {
      this.emit("warning", {
        code: "UNEXPECTED_FIELD",
        message: madeId,
        frameId: frame.id,
        frameType: frame.type,
      })
    }
    this.#outbox.applyControl(frame.type, payload)
    this.onFrame(frame)
    this.emit("message", frame)
  }

  // ---- timers -----------------------------------------------------------------------------

  #stopTimers(): void {
    this.#timers.clearAll()
    this.#inbox.stop()
  }

  #startHeartbeat(): void {
    const connection = this
    startHeartbeat({
      timers: this.#timers,
      interval: this.config.heartbeatInterval,
      get lastReceivedAt() {
        return connection.#lastReceivedAt
      },
      sendControl: (type, payload) => this.#outbox.sendControl(type, payload),
      silent: (error) => {
        this.emit("error", error)
        this.#transport?.close(4000, "heartbeat timeout", { abort: true })
      },
      ackIfDue: () => this.#inbox.ackIfDue(),
    })
  }
}
