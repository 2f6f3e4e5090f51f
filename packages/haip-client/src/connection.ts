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
import { TypedEmitter } from "./emitter.js"
import { AUTH_FAILURE_CODES, HAIPError } from "./errors.js"
import { FlowControl } from "./flow-control.js"
import { consumesCredit, decodeFrame, encodeFrame, generateUUID, utf8Length } from "./frames.js"
import { Sequencer } from "./sequencer.js"
import { HttpStreamingTransport } from "./transports/http-streaming.js"
import { SseTransport } from "./transports/sse.js"
import type { Transport, TransportCloseInfo, TransportOptions } from "./transports/transport.js"
import { WebSocketTransport } from "./transports/websocket.js"
import {
  HAIP_EVENT_TYPES,
  HAIP_VERSION,
  type HAIPAuth,
  type HAIPChannel,
  type HAIPClientConfig,
  type HAIPMessage,
  type HAIPOutgoingMessage,
  type HAIPPerformanceMetrics,
  type HAIPServerInfo,
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

interface Outgoing {
  frame: Omit<HAIPMessage, "seq" | "ack" | "session">
  binary?: ArrayBuffer
  text?: string
}

interface Deferred {
  resolve: () => void
  reject: (error: HAIPError) => void
}

const resumeWaitMs = 1000
const secondHaiWaitMs = 200
const gapGiveUpMs = 5000
const handshakeControl: ReadonlySet<string> = new Set(["HAI", "ERROR", "PING", "PONG"])
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

type ResolvedConfig = Required<Omit<HAIPClientConfig, "token" | "flowControl" | "headers">> &
  Pick<HAIPClientConfig, "token" | "headers"> & {
    initialCredits: number
    initialCreditBytes: number
  }

function resolveConfig(config: HAIPClientConfig): ResolvedConfig {
  if (typeof config?.url !== "string" || config.url === "") {
    throw new HAIPError("INVALID_ARGUMENT", "The client needs a url such as ws://localhost:8080.")
  }
  const resolved: ResolvedConfig = {
    url: config.url,
    transport: config.transport ?? "websocket",
    maxConcurrentRuns: config.maxConcurrentRuns ?? 10,
    maxReconnectAttempts: config.maxReconnectAttempts ?? 5,
    reconnectDelay: config.reconnectDelay ?? 1000,
    maxReconnectDelay: config.maxReconnectDelay ?? 30_000,
    heartbeatInterval: config.heartbeatInterval ?? 30_000,
    handshakeTimeout: config.handshakeTimeout ?? 10_000,
    replayGapDelay: config.replayGapDelay ?? 500,
    ackEvery: config.ackEvery ?? 64,
    maxFrameBytes: config.maxFrameBytes ?? 1024 * 1024,
    initialCredits: config.flowControl?.initialCredits ?? 1000,
    initialCreditBytes: config.flowControl?.initialCreditBytes ?? 4 * 1024 * 1024,
  }
  if (config.token !== undefined) resolved.token = config.token
  if (config.headers !== undefined) resolved.headers = config.headers
  return resolved
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** Reads the server's HAI payload. */
export function parseServerInfo(payload: Record<string, unknown>, session: string): HAIPServerInfo {
  const capabilities = isRecord(payload.capabilities) ? payload.capabilities : {}
  const flow = isRecord(capabilities.flow_control) ? capabilities.flow_control : undefined
  const info: HAIPServerInfo = {
    session,
    haipVersion: typeof payload.haip_version === "string" ? payload.haip_version : "",
    acceptEvents: Array.isArray(payload.accept_events)
      ? payload.accept_events.filter((value): value is string => typeof value === "string")
      : [],
    resume: capabilities.resume === true,
    runEvents: capabilities.run_events === true,
    payload,
  }
  const messages = Number(flow?.initial_credit_messages)
  const bytes = Number(flow?.initial_credit_bytes)
  if (flow && Number.isFinite(messages) && messages > 0) {
    info.flowControl = {
      initialCreditMessages: messages,
      initialCreditBytes: Number.isFinite(bytes) && bytes > 0 ? bytes : Number.POSITIVE_INFINITY,
    }
  }
  if (typeof capabilities.max_concurrent_runs === "number")
    info.maxConcurrentRuns = capabilities.max_concurrent_runs
  return info
}

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
  #outSeq = 1
  #unacked = 0
  #lastReceivedAt = 0
  #attemptStartedAt = 0
  #offline: Outgoing[] = []
  /** Written frames the server has not acknowledged yet (it drops repeats by frame id). */
  #unackedOut: { seq: number; text: string; binary?: ArrayBuffer }[] = []
  readonly #sequencer = new Sequencer<HAIPMessage>()
  readonly #flow: FlowControl<Outgoing>
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>()
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
    this.#flow = new FlowControl<Outgoing>({
      messages: this.config.initialCredits,
      bytes: this.config.initialCreditBytes,
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
    return this.#sequencer
  }

  protected get flow(): FlowControl<Outgoing> {
    return this.#flow
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
    this.#submit({ frame })
    return Promise.resolve(frame.id)
  }

  /** Sends an envelope and a raw binary frame (WebSocket) or the data base64-encoded (HTTP). */
  protected submitBinary(frame: Outgoing["frame"], data: ArrayBuffer): void {
    this.#submit({ frame, binary: data })
  }

  protected get supportsBinary(): boolean {
    return this.#transport?.supportsBinary ?? this.config.transport === "websocket"
  }

  #submit(outgoing: Outgoing): void {
    if (this.#phase !== "open" || !this.#transport) {
      this.#offline.push(outgoing)
      return
    }
    if (consumesCredit(outgoing.frame.type, outgoing.frame.channel)) {
      this.#flow.submit(outgoing.frame.channel, outgoing, this.#io)
    } else {
      this.#write(outgoing, this.#measure(outgoing))
    }
  }

  readonly #io = {
    measure: (outgoing: Outgoing) => this.#measure(outgoing),
    write: (outgoing: Outgoing, bytes: number) => this.#write(outgoing, bytes),
  }

  #measure(outgoing: Outgoing): number {
    const frame = outgoing.frame as HAIPMessage
    frame.session = this.#session
    frame.seq = String(this.#outSeq)
    if (this.#sequencer.ordered && this.#sequencer.lastDelivered > 0)
      frame.ack = String(this.#sequencer.lastDelivered)
    else delete frame.ack
    outgoing.text = encodeFrame(frame)
    return utf8Length(outgoing.text)
  }

  #write(outgoing: Outgoing, bytes: number): void {
    const transport = this.#transport
    if (!transport || outgoing.text === undefined) {
      this.#offline.push(outgoing)
      return
    }
    transport.send(outgoing.text)
    if (outgoing.binary) transport.sendBinary(outgoing.binary)
    if (resendable.has(outgoing.frame.type)) {
      const kept: { seq: number; text: string; binary?: ArrayBuffer } = {
        seq: this.#outSeq,
        text: outgoing.text,
      }
      if (outgoing.binary) kept.binary = outgoing.binary
      this.#unackedOut.push(kept)
      if (this.#unackedOut.length > resendLimit) this.#unackedOut.shift()
    }
    this.#outSeq++
    this.#unacked = 0
    this.#metrics.messagesSent++
    this.#metrics.bytesSent += bytes + (outgoing.binary?.byteLength ?? 0)
    this.#metrics.lastUpdated = Date.now()
  }

  /** Sends a control frame now, bypassing queues (HAI, PONG, acks). */
  #sendControl(
    type: HAIPMessage["type"],
    payload: unknown,
    extra: Partial<HAIPMessage> = {},
  ): void {
    if (!this.#transport) return
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
    this.#setTimer("handshake", this.config.handshakeTimeout, () => {
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
      this.#clearTimer("handshake")
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
    const payload: Record<string, unknown> = {
      haip_version: HAIP_VERSION,
      accept_major: [1],
      accept_events: [...HAIP_EVENT_TYPES],
      capabilities: {
        binary_frames: transport.supportsBinary,
        flow_control: {
          initial_credit_messages: this.config.initialCredits,
          initial_credit_bytes: this.config.initialCreditBytes,
        },
        max_concurrent_runs: this.config.maxConcurrentRuns,
      },
    }
    if (auth) payload.auth = auth
    if (this.#resumeSession !== undefined) {
      payload.session = this.#resumeSession
      payload.last_rx_seq = String(this.#sequencer.lastDelivered)
    }
    this.#sendControl("HAI", payload)
    const early = this.#beforeHai ?? []
    this.#beforeHai = undefined
    for (const text of early) if (this.#transport === transport) this.#onText(text)
    try {
      await handshake
    } finally {
      this.#clearTimer("handshake")
    }
  }

  #createTransport(token: string | undefined): Transport {
    const options: TransportOptions = {
      url: this.config.url,
      handlers: {
        onText: (text) => {
          if (this.#transport === transport) this.#onText(text)
        },
        onBinary: (data) => {
          if (this.#transport === transport) this.emit("binary", data)
        },
        onClose: (info) => this.#onClose(transport, info),
      },
    }
    if (token !== undefined) options.token = token
    if (this.config.headers) options.headers = this.config.headers
    const transport: Transport =
      this.config.transport === "sse"
        ? new SseTransport(options)
        : this.config.transport === "http-streaming"
          ? new HttpStreamingTransport(options)
          : new WebSocketTransport(options)
    return transport
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
    this.#offline = []
    this.#flow.drainAll()
    this.emit("error", error)
    this.onConnectionEnded(error)
  }

  #fail(error: HAIPError): void {
    this.#fatal = error
    this.#phase = "closed"
    this.#stopTimers()
    this.#offline = []
    this.#flow.drainAll()
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
    if (frame.ack !== undefined && this.#unackedOut.length > 0)
      this.#acknowledged(Number(frame.ack))
    if (consumesCredit(frame.type, frame.channel)) this.#account(frame.channel, decoded.bytes)
    if (!this.#handshakeDone) {
      if (handshakeControl.has(frame.type)) this.#onHandshakeFrame(frame)
      else this.#early.push(frame)
      return
    }
    if (frame.type === "HAI") {
      this.#onLateHai(frame)
      return
    }
    this.#sequenced(frame)
  }

  #acknowledged(ack: number): void {
    let index = 0
    while (index < this.#unackedOut.length && (this.#unackedOut[index]?.seq ?? 0) <= ack) index++
    if (index > 0) this.#unackedOut.splice(0, index)
  }

  #account(channel: HAIPChannel, bytes: number): void {
    const { overrun, grant } = this.#flow.receive(channel, bytes)
    if (overrun && this.#serverInfo?.flowControl) {
      this.emit(
        "error",
        new HAIPError(
          "FLOW_CONTROL",
          `The server sent more on ${channel} than the credits the client granted.`,
        ),
      )
      this.#sendControl("ERROR", {
        code: "FLOW_CONTROL_VIOLATION",
        message: `Credits on ${channel} exceeded.`,
      })
    }
    if (grant) {
      this.#sendControl("FLOW_UPDATE", {
        channel: grant.channel,
        add_messages: grant.addMessages,
        add_bytes: grant.addBytes,
      })
    }
  }

  #sequenced(frame: HAIPMessage): void {
    const verdict = this.#sequencer.accept(frame)
    if (verdict.kind === "duplicate") return
    if (verdict.kind === "held") {
      this.#watchGap()
      return
    }
    this.#deliver(verdict.frames)
    if (this.#sequencer.heldCount === 0) {
      this.#clearTimer("gap")
      this.#clearTimer("gap-give-up")
    }
  }

  #deliver(frames: HAIPMessage[]): void {
    for (const frame of frames) {
      if (this.#phase !== "open" && this.#fatal) return
      this.#unacked++
      this.#handleFrame(frame)
    }
    if (this.#sequencer.ordered && this.#unacked >= this.config.ackEvery) this.#sendAck()
  }

  #sendAck(): void {
    this.#sendControl("FLOW_UPDATE", { channel: "SYSTEM", add_messages: 0, add_bytes: 0 })
  }

  #watchGap(): void {
    if (this.#timers.has("gap")) return
    this.#setTimer("gap", this.config.replayGapDelay, () => {
      const range = this.#sequencer.missingRange()
      if (!range) return
      this.#sendControl("REPLAY_REQUEST", {
        from_seq: String(range.from),
        to_seq: String(range.to),
      })
      this.#setTimer("gap-give-up", gapGiveUpMs, () => {
        this.#clearTimer("gap")
        const lost = this.#sequencer.missingRange()
        if (!lost) return
        this.emit(
          "error",
          new HAIPError(
            "REPLAY_TOO_OLD",
            `Frames ${lost.from} to ${lost.to} never arrived, even after a replay request; they are skipped.`,
          ),
        )
        this.#deliver(this.#sequencer.skipGap())
      })
    })
  }

  #handleFrame(frame: HAIPMessage): void {
    const payload = isRecord(frame.payload) ? frame.payload : {}
    switch (frame.type) {
      case "PING":
        this.#sendControl("PONG", { nonce: payload.nonce ?? null })
        break
      case "FLOW_UPDATE": {
        const channel = payload.channel as HAIPChannel
        this.#flow.addCredits(
          channel,
          Number(payload.add_messages ?? 0),
          Number(payload.add_bytes ?? 0),
          this.#io,
        )
        break
      }
      case "PAUSE_CHANNEL":
        if (typeof payload.channel === "string")
          this.#flow.pauseChannel(payload.channel as HAIPChannel)
        break
      case "RESUME_CHANNEL":
        if (typeof payload.channel === "string")
          this.#flow.resumeChannel(payload.channel as HAIPChannel, this.#io)
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
      this.#sendControl("PONG", { nonce: payload.nonce ?? null })
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
          this.#setTimer("resume", secondHaiWaitMs, () => this.#completeHandshake(pending, false))
        }
        return
      }
      this.emit("error", serverError(payload))
      return
    }
    const session = haiSession(frame)
    if (this.#resumeSession === undefined) this.#completeHandshake(frame, false)
    else if (session === this.#resumeSession) this.#completeHandshake(frame, true)
    else if (this.#resumeFailedSeen) this.#completeHandshake(frame, false)
    else {
      this.#pendingHai = frame
      this.#setTimer("resume", resumeWaitMs, () => this.#completeHandshake(frame, false))
    }
  }

  #onLateHai(frame: HAIPMessage): void {
    const session = haiSession(frame)
    if (session === "" || session === this.#session) return
    // A second greeting for another session: the server started over.
    this.#startSession(frame, true)
  }

  #completeHandshake(frame: HAIPMessage, resumed: boolean): void {
    if (this.#handshakeDone || !this.#transport) return
    this.#clearTimer("resume")
    this.#clearTimer("handshake")
    const previousSession = this.#session
    const lost = !resumed && this.#resumeSession !== undefined
    let released: HAIPMessage[] = []
    if (resumed) {
      this.#serverInfo = parseServerInfo(
        isRecord(frame.payload) ? frame.payload : {},
        this.#session,
      )
      released = this.#sequencer.markConsumed(Number(frame.seq))
    } else {
      this.#startSession(frame, false)
    }
    const info = this.#serverInfo
    this.#flow.reset(
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
      this.#offline = this.#offline.filter((outgoing) => outgoing.frame.transaction === null)
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
      this.emit("resumed", { session: this.#session, lastRxSeq: this.#sequencer.lastDelivered })
    }
    this.#handshake?.resolve()
    if (resumed) {
      // Frames written just before the drop may never have arrived; the server drops repeats.
      for (const kept of this.#unackedOut) {
        this.#transport.send(kept.text)
        if (kept.binary) this.#transport.sendBinary(kept.binary)
      }
    } else this.#unackedOut = []
    const offline = this.#offline
    this.#offline = []
    for (const outgoing of offline) this.#submit(outgoing)
    this.#flow.releasable(undefined, this.#io)
    const early = this.#early
    this.#early = []
    this.#deliver(released)
    for (const early_frame of early) this.#sequenced(early_frame)
  }

  #startSession(frame: HAIPMessage, announce: boolean): void {
    const previousSession = this.#session
    const session = haiSession(frame)
    this.#session = session
    this.#serverInfo = parseServerInfo(isRecord(frame.payload) ? frame.payload : {}, session)
    const baseline = Number(frame.seq)
    this.#sequencer.reset({
      ordered: this.#serverInfo.resume,
      baseline: Number.isSafeInteger(baseline) ? baseline : 0,
    })
    this.#outSeq = 1
    if (announce && previousSession !== "") {
      this.onSessionLost()
      this.emit("sessionReset", { previousSession, session })
    }
  }

  // ---- timers -----------------------------------------------------------------------------

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
        this.#sendControl("PING", { nonce: generateUUID() })
        this.#setTimer("heartbeat", interval, beat)
      }
      this.#setTimer("heartbeat", interval, beat)
    }
    const ackTick = () => {
      if (this.#sequencer.ordered && this.#unacked > 0) this.#sendAck()
      this.#setTimer("ack", 1000, ackTick)
    }
    this.#setTimer("ack", 1000, ackTick)
  }

  #setTimer(name: string, ms: number, callback: () => void): void {
    this.#clearTimer(name)
    const timer = setTimeout(() => {
      this.#timers.delete(name)
      callback()
    }, ms)
    ;(timer as { unref?: () => void }).unref?.()
    this.#timers.set(name, timer)
  }

  #clearTimer(name: string): void {
    const timer = this.#timers.get(name)
    if (timer !== undefined) clearTimeout(timer)
    this.#timers.delete(name)
  }

  #stopTimers(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
  }
}

function haiSession(frame: HAIPMessage): string {
  const payload = isRecord(frame.payload) ? frame.payload : {}
  return typeof payload.session === "string" && payload.session !== ""
    ? payload.session
    : frame.session
}

function defaultChannel(type: HAIPMessage["type"]): HAIPChannel {
  return type === "MESSAGE" || type.startsWith("MESSAGE_") || type.startsWith("TOOL_")
    ? "USER"
    : "SYSTEM"
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.replace(/\.$/, "")
  return String(error)
}

function authError(payload: Record<string, unknown>): HAIPError {
  const said =
    typeof payload.message === "string" && payload.message !== "" ? ` (${payload.message})` : ""
  return new HAIPError(
    "AUTHENTICATION_FAILED",
    `The server refused the credentials${said}; check the token.`,
    { detail: payload },
  )
}

/** An `ERROR` frame as an error. */
export function serverError(payload: Record<string, unknown>): HAIPError {
  const code =
    typeof payload.code === "string" && payload.code !== "" ? payload.code : "SERVER_ERROR"
  const message =
    typeof payload.message === "string" && payload.message !== ""
      ? payload.message
      : "The server reported an error."
  const options: { relatedId?: string; detail?: unknown } = { detail: payload.detail }
  if (typeof payload.related_id === "string") options.relatedId = payload.related_id
  return new HAIPError(code, message, options)
}

function asHAIPError(error: unknown, code: string): HAIPError {
  if (error instanceof HAIPError) return error
  return new HAIPError(code, describe(error), { detail: error })
}
