/**
 * The connection core of the client: transport, handshake in either order, seq/ack with
 * duplicate drop and replay of gaps, flow control both ways, heartbeat, and reconnect with
 * resume. The seed's API ({@link HAIPClientImpl}) is built on top of it.
 *
 * Handshake: the client sends its HAI as soon as the link opens (with `auth`, and `session`
 * plus `last_rx_seq` when resuming) and is connected once it has also received the server's
 * HAI, whichever came first. When resuming, a HAI for another session is only taken as the
 * end of the old session after the server says RESUME_FAILED or a second passes, because a
 * server that speaks first greets every connection with a fresh session before it reads the
 * client's HAI.
 */
import { reconnectDelay } from "./backoff.js"
import {
  asHAIPError,
  authError,
  clientHello,
  defaultChannel,
  describe,
  greetingOutcome,
  haiSession,
  isRecord,
  parseServerInfo,
  type ResolvedConfig,
  resolveConfig,
  serverError,
} from "./connection-support.js"
import { TypedEmitter } from "./emitter.js"
import { AUTH_FAILURE_CODES, HAIPError } from "./errors.js"
import type { FlowControl } from "./flow-control.js"
import { consumesCredit, decodeFrame, generateUUID, utf8Length } from "./frames.js"
import { Inbox } from "./inbox.js"
import { Outbox, type Outgoing } from "./outbox.js"
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
  HAIPChannel,
  HAIPClientConfig,
  HAIPMessage,
  HAIPOutgoingMessage,
  HAIPPerformanceMetrics,
  HAIPServerInfo,
} from "./types.js"

/** Events of the client. */
export type HAIPClientEvents = {
  /** The link opened (before the handshake). */
  connect: () => void
  /** The handshake completed; the server's HAI payload. */
  handshake: (payload: Record<string, unknown>) => void
  /** The link closed: on `disconnect()`, when the server went away, or before a reconnect. */
  disconnect: (reason: string) => void
  /** A frame arrived, in order and without duplicates. */
  message: (message: HAIPMessage) => void
  /** A binary frame arrived. */
  binary: (data: ArrayBuffer) => void
  /** Something went wrong; the message starts with the code. */
  error: (error: HAIPError) => void
  /** A reconnect attempt is scheduled. */
  reconnecting: (info: { attempt: number; delayMs: number }) => void
  /** A reconnect resumed the same session; missed frames follow in order. */
  resumed: (info: { session: string; lastRxSeq: number }) => void
  /** The old session could not be resumed: its transactions are gone. */
  sessionReset: (info: { previousSession: string; session: string }) => void
}

/** The connection's phase. */
export type ConnectionPhase = "idle" | "connecting" | "open" | "reconnecting" | "closed"

interface Deferred {
  resolve: () => void
  reject: (error: HAIPError) => void
}

const resumeWaitMs = 1000
const secondHaiWaitMs = 200
const handshakeControl: ReadonlySet<string> = new Set(["HAI", "ERROR", "PING", "PONG"])

export class HAIPConnection extends TypedEmitter<HAIPClientEvents> {
  protected readonly config: ResolvedConfig
  #authProvider: (() => HAIPAuth | Promise<HAIPAuth>) | undefined
  #transport: Transport | undefined
  #phase: ConnectionPhase = "idle"
  #session = ""
  #serverInfo: HAIPServerInfo | undefined
  #handshakeDone = false
  #handshake: Deferred | undefined
  #connecting: Promise<void> | undefined
  #resumeSession: string | undefined
  #resumeFailedSeen = false
  #pendingHai: HAIPMessage | undefined
  #early: HAIPMessage[] = []
  /** Frames that arrived before this side's HAI went out (a server that speaks first). */
  #beforeHai: string[] | undefined
  #userClosed = false
  #fatal: HAIPError | undefined
  #reconnectAttempts = 0
  #lastReceivedAt = 0
  #attemptStartedAt = 0
  readonly #inbox: Inbox
  readonly #outbox: Outbox
  readonly #timers = new Timers()
  #cancelSleep: (() => void) | undefined
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
          return connection.#session
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
          return connection.#serverInfo?.flowControl !== undefined
        },
        get halted() {
          return connection.#fatal !== undefined
        },
        sendControl: (type, payload) => this.#outbox.sendControl(type, payload),
        error: (error) => this.emit("error", error),
        handle: (frame) => this.#handleFrame(frame),
      },
      this.#outbox.flow,
    )
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
    this.#cancelSleep?.()
    this.#stopTimers()
    this.#handshake?.reject(new HAIPError("CONNECTION_FAILED", "The client disconnected."))
    this.onConnectionEnded(new HAIPError("NOT_CONNECTED", "The client disconnected."))
    const transport = this.#transport
    this.#transport = undefined
    this.#handshakeDone = false
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
    return this.#session
  }

  /** What the server's HAI announced. */
  get serverInfo(): HAIPServerInfo | undefined {
    return this.#serverInfo
  }

  protected get sequencer(): Sequencer<HAIPMessage> {
    return this.#inbox.sequencer
  }

  protected get flow(): FlowControl<Outgoing> {
    return this.#outbox.flow
  }

  protected get reconnectAttempts(): number {
    return this.#reconnectAttempts
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
    const envelope = message.envelope ?? {}
    const transaction = message.transaction ?? envelope.transaction ?? null
    const frame: Outgoing["frame"] = {
      id: generateUUID(),
      transaction,
      ts: String(Date.now()),
      channel: message.channel ?? envelope.channel ?? defaultChannel(message.type),
      type: message.type,
      payload: message.payload === undefined ? {} : message.payload,
    }
    const runId = message.run_id ?? envelope.run_id
    const threadId = message.thread_id ?? envelope.thread_id
    if (runId !== undefined) frame.run_id = runId
    if (threadId !== undefined) frame.thread_id = threadId
    if (message.bin_len !== undefined) frame.bin_len = message.bin_len
    if (message.bin_mime !== undefined) frame.bin_mime = message.bin_mime
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
    this.#handshakeDone = false
    this.#resumeFailedSeen = false
    this.#pendingHai = undefined
    this.#early = []
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
    const handshake = new Promise<void>((resolve, reject) => {
      this.#handshake = { resolve, reject }
    })
    // Settled by frames or timers, maybe before it is awaited below.
    handshake.catch(() => undefined)
    this.#resumeSession = resume && this.#session !== "" ? this.#session : undefined
    this.#beforeHai = []
    const transport = this.#createTransport(token)
    this.#transport = transport
    this.#timers.set("handshake", this.config.handshakeTimeout, () => {
      this.#handshake?.reject(
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
    const resumeFrom =
      this.#resumeSession === undefined
        ? undefined
        : { session: this.#resumeSession, lastRxSeq: this.#inbox.sequencer.lastDelivered }
    const payload = clientHello(this.config, {
      binaryFrames: transport.supportsBinary,
      auth,
      ...(resumeFrom ? { resume: resumeFrom } : {}),
    })
    this.#outbox.sendControl("HAI", payload)
    const early = this.#beforeHai ?? []
    this.#beforeHai = undefined
    for (const text of early) if (this.#transport === transport) this.#onText(text)
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
          {
            detail: error,
          },
        ),
      )
    }
  }

  #onClose(transport: Transport, info: TransportCloseInfo): void {
    if (this.#transport !== transport) return
    this.#transport = undefined
    this.#stopTimers()
    const wasOpen = this.#handshakeDone
    this.#handshakeDone = false
    if (this.#fatal || this.#userClosed) {
      this.#phase = "closed"
      return
    }
    const reason = info.reason || `connection closed (code ${info.code})`
    if (!wasOpen) {
      this.#handshake?.reject(
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
    void this.#reconnectLoop()
  }

  async #reconnectLoop(): Promise<void> {
    while (this.#reconnectAttempts < this.config.maxReconnectAttempts) {
      this.#reconnectAttempts++
      const delayMs = reconnectDelay(
        this.#reconnectAttempts,
        this.config.reconnectDelay,
        this.config.maxReconnectDelay,
      )
      this.emit("reconnecting", { attempt: this.#reconnectAttempts, delayMs })
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs)
        this.#cancelSleep = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.#cancelSleep = undefined
      if (this.#userClosed || this.#fatal) return
      try {
        await this.#attempt(true)
        this.#reconnectAttempts = 0
        return
      } catch (error) {
        if (this.#userClosed || this.#fatal) return
        this.emit("error", asHAIPError(error, "CONNECTION_FAILED"))
      }
    }
    this.#giveUp(
      new HAIPError(
        "CONNECTION_FAILED",
        `Could not reconnect to ${this.config.url} after ${this.config.maxReconnectAttempts} attempts; check the server and call connect() again.`,
      ),
    )
  }

  #giveUp(error: HAIPError): void {
    this.#phase = "closed"
    this.#reconnectAttempts = 0
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
    this.#handshake?.reject(error)
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
    if (this.#beforeHai) {
      this.#beforeHai.push(text)
      return
    }
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
    if (frame.ack !== undefined) this.#outbox.acknowledged(Number(frame.ack))
    if (consumesCredit(frame.type, frame.channel)) this.#inbox.account(frame.channel, decoded.bytes)
    if (!this.#handshakeDone) {
      if (handshakeControl.has(frame.type)) this.#onHandshakeFrame(frame)
      else this.#early.push(frame)
      return
    }
    if (frame.type === "HAI") {
      this.#onLateHai(frame)
      return
    }
    this.#inbox.accept(frame)
  }

  #handleFrame(frame: HAIPMessage): void {
    const payload = isRecord(frame.payload) ? frame.payload : {}
    switch (frame.type) {
      case "PING":
        this.#outbox.sendControl("PONG", { nonce: payload.nonce ?? null })
        break
      case "FLOW_UPDATE": {
        const channel = payload.channel as HAIPChannel
        this.#outbox.flow.addCredits(
          channel,
          Number(payload.add_messages ?? 0),
          Number(payload.add_bytes ?? 0),
          this.#outbox.io,
        )
        break
      }
      case "PAUSE_CHANNEL":
        if (typeof payload.channel === "string")
          this.#outbox.flow.pauseChannel(payload.channel as HAIPChannel)
        break
      case "RESUME_CHANNEL":
        if (typeof payload.channel === "string")
          this.#outbox.flow.resumeChannel(payload.channel as HAIPChannel, this.#outbox.io)
        break
      case "ERROR":
        if (AUTH_FAILURE_CODES.has(String(payload.code))) {
          this.#fail(authError(payload))
          return
        }
        break
    }
    this.onFrame(frame)
    this.emit("message", frame)
  }

  // ---- handshake --------------------------------------------------------------------------

  #onHandshakeFrame(frame: HAIPMessage): void {
    const payload = isRecord(frame.payload) ? frame.payload : {}
    if (frame.type === "PING") {
      this.#outbox.sendControl("PONG", { nonce: payload.nonce ?? null })
      return
    }
    if (frame.type === "PONG") return
    if (frame.type === "ERROR") {
      const code = String(payload.code)
      if (AUTH_FAILURE_CODES.has(code)) {
        this.#fail(authError(payload))
        return
      }
      if (code === "RESUME_FAILED") {
        this.#resumeFailedSeen = true
        if (this.#pendingHai) {
          const pending = this.#pendingHai
          this.#timers.set("resume", secondHaiWaitMs, () => this.#completeHandshake(pending, false))
        }
        return
      }
      this.emit("error", serverError(payload))
      return
    }
    const outcome = greetingOutcome({
      resumeSession: this.#resumeSession,
      greetingSession: haiSession(frame),
      resumeFailedSeen: this.#resumeFailedSeen,
      serverResumes: this.#serverInfo?.resume === true,
    })
    if (outcome !== "wait") {
      this.#completeHandshake(frame, outcome === "resumed")
      return
    }
    this.#pendingHai = frame
    this.#timers.set("resume", resumeWaitMs, () => this.#completeHandshake(frame, false))
  }

  #onLateHai(frame: HAIPMessage): void {
    const session = haiSession(frame)
    if (session === "" || session === this.#session) return
    // A second greeting for another session: the server started over.
    this.#startSession(frame, true)
  }

  #completeHandshake(frame: HAIPMessage, resumed: boolean): void {
    if (this.#handshakeDone || !this.#transport) return
    this.#timers.clear("resume")
    this.#timers.clear("handshake")
    const previousSession = this.#session
    const lost = !resumed && this.#resumeSession !== undefined
    let released: HAIPMessage[] = []
    if (resumed) {
      this.#serverInfo = parseServerInfo(
        isRecord(frame.payload) ? frame.payload : {},
        this.#session,
      )
      released = this.#inbox.sequencer.markConsumed(Number(frame.seq))
    } else {
      this.#startSession(frame, false)
    }
    const info = this.#serverInfo
    this.#outbox.flow.reset(
      info?.flowControl
        ? {
            messages: info.flowControl.initialCreditMessages,
            bytes: info.flowControl.initialCreditBytes,
          }
        : undefined,
    )
    this.#handshakeDone = true
    this.#phase = "open"
    this.#metrics.connectionTime = Date.now() - this.#attemptStartedAt
    this.#startHeartbeat()
    this.emit("handshake", isRecord(frame.payload) ? frame.payload : {})
    if (lost) {
      this.onSessionLost()
      this.emit(
        "error",
        new HAIPError(
          "RESUME_FAILED",
          "The server could not resume the session; its transactions were closed and must be started again.",
          { retryable: true },
        ),
      )
      this.emit("sessionReset", { previousSession, session: this.#session })
    } else if (resumed) {
      this.emit("resumed", {
        session: this.#session,
        lastRxSeq: this.#inbox.sequencer.lastDelivered,
      })
    }
    this.#handshake?.resolve()
    this.#outbox.afterHandshake(resumed ? "resumed" : lost ? "lost" : "fresh")
    const early = this.#early
    this.#early = []
    this.#inbox.deliver(released)
    for (const early_frame of early) this.#inbox.accept(early_frame)
  }

  #startSession(frame: HAIPMessage, announce: boolean): void {
    const previousSession = this.#session
    const session = haiSession(frame)
    this.#session = session
    this.#serverInfo = parseServerInfo(isRecord(frame.payload) ? frame.payload : {}, session)
    const baseline = Number(frame.seq)
    this.#inbox.sequencer.reset({
      ordered: this.#serverInfo.resume,
      baseline: Number.isSafeInteger(baseline) ? baseline : 0,
    })
    this.#outbox.startSession()
    if (announce && previousSession !== "") {
      this.onSessionLost()
      this.emit("sessionReset", { previousSession, session })
    }
  }

  // ---- timers -----------------------------------------------------------------------------

  #stopTimers(): void {
    this.#timers.clearAll()
    this.#inbox.stop()
  }

  #startHeartbeat(): void {
    const interval = this.config.heartbeatInterval
    if (interval > 0) {
      const beat = () => {
        if (Date.now() - this.#lastReceivedAt > interval * 2) {
          this.emit(
            "error",
            new HAIPError(
              "CONNECTION_LOST",
              `The server sent nothing for ${interval * 2} ms, not even a PONG; reconnecting.`,
              { retryable: true },
            ),
          )
          this.#transport?.close(4000, "heartbeat timeout", { abort: true })
          return
        }
        this.#outbox.sendControl("PING", { nonce: generateUUID() })
        this.#timers.set("heartbeat", interval, beat)
      }
      this.#timers.set("heartbeat", interval, beat)
    }
    const ackTick = () => {
      this.#inbox.ackIfDue()
      this.#timers.set("ack", 1000, ackTick)
    }
    this.#timers.set("ack", 1000, ackTick)
  }
}
