/**
 * The client's connection as the app holds it: events, config, counters, and the connection
 * core (connection-core.ts: the link, handshake, inbox, outbox, flow control, replay and
 * transports), which loads with a dynamic import() at the first `connect()`. A page that
 * creates a client pays for the protocol's machinery only once it connects; until then the
 * client is idle (not connected, no session, sends refused with NOT_CONNECTED).
 * The seed's API ({@link HAIPClientImpl}) is built on top of it.
 */

import { describe, type ResolvedConfig, resolveConfig } from "./config.js"
import type { ConnectionCore, CoreHost } from "./connection-core.js"
import type { ConnectionPhase, HAIPClientEvents } from "./connection-events.js"
import { TypedEmitter } from "./emitter.js"
import { HAIPError } from "./errors.js"
import { Metrics } from "./metrics.js"
import type { Outgoing } from "./outbox.js"
import {
  HAIP_CHANNELS,
  type HAIPAuth,
  type HAIPChannel,
  type HAIPClientConfig,
  type HAIPMessage,
  type HAIPOutgoingMessage,
  type HAIPPerformanceMetrics,
  type HAIPServerInfo,
} from "./types.js"

export type { ConnectionPhase, HAIPClientEvents } from "./connection-events.js"

type CoreModule = typeof import("./connection-core.js")

export class HAIPConnection extends TypedEmitter<HAIPClientEvents> {
  protected readonly config: ResolvedConfig
  #authProvider: (() => HAIPAuth | Promise<HAIPAuth>) | undefined
  readonly #metrics = new Metrics()
  #core: ConnectionCore | undefined
  /** The core's module while it loads (the first `connect()`); a failed load is tried again. */
  #loading: Promise<CoreModule> | undefined
  /** The phase until the core exists: `connecting` while it loads, `closed` after `disconnect()`. */
  #phase: ConnectionPhase = "idle"

  constructor(config: HAIPClientConfig) {
    super()
    this.config = resolveConfig(config)
  }

  /** Supplies the HAI's `payload.auth` (the reference SDK's form); called on every (re)connect. */
  authenticate(provider: () => HAIPAuth | Promise<HAIPAuth>): this {
    this.#authProvider = provider
    return this
  }

  /** Opens the link and completes the handshake (loading the connection's code the first time). */
  connect(): Promise<void> {
    if (this.#core) return this.#core.connect()
    this.#phase = "connecting"
    this.#loading ??= this.#loadCore()
    return this.#loading.then((module) => {
      if (this.#phase === "closed") {
        // disconnect() came while the code loaded: as when it comes during a handshake.
        const failure = new HAIPError("CONNECTION_FAILED", "The client disconnected.")
        this.emit("error", failure)
        throw failure
      }
      this.#core ??= new module.ConnectionCore(this.#coreHost())
      return this.#core.connect()
    })
  }

  /** The core's module; CONNECTION_FAILED (reported, and tried again next time) when it cannot load. */
  async #loadCore(): Promise<CoreModule> {
    try {
      return await import("./connection-core.js")
    } catch (error) {
      this.#loading = undefined
      this.#phase = "closed"
      const failure = new HAIPError(
        "CONNECTION_FAILED",
        `The client's connection code could not be loaded (${describe(error)}); check the network and connect again.`,
        { retryable: true },
      )
      this.emit("error", failure)
      throw failure
    }
  }

  #coreHost(): CoreHost {
    const connection = this
    return {
      config: this.config,
      metrics: this.#metrics,
      get authProvider() {
        return connection.#authProvider
      },
      emit: (name, ...args) => this.emit(name, ...args),
      onFrame: (frame) => this.onFrame(frame),
      onConnectionEnded: (error) => this.onConnectionEnded(error),
      onSessionLost: () => this.onSessionLost(),
    }
  }

  /** Closes the link for good (no reconnect). */
  async disconnect(): Promise<void> {
    if (this.#core) return this.#core.disconnect()
    const wasConnecting = this.#phase === "connecting"
    this.#phase = "closed"
    this.onConnectionEnded(new HAIPError("NOT_CONNECTED", "The client disconnected."))
    if (wasConnecting) this.emit("disconnect", "client disconnect")
  }

  /** Whether the handshake is complete and the link is up. */
  isConnected(): boolean {
    return this.#core?.isConnected() ?? false
  }

  /** The connection's phase. */
  get phase(): ConnectionPhase {
    return this.#core?.phase ?? this.#phase
  }

  /** The session id the server assigned ("" before the first handshake). */
  get sessionId(): string {
    return this.#core?.sessionId ?? ""
  }

  /** What the server's HAI announced. */
  get serverInfo(): HAIPServerInfo | undefined {
    return this.#core?.serverInfo
  }

  /** The last seq delivered in order (0 before any). */
  protected get lastDelivered(): number {
    return this.#core?.sequencer.lastDelivered ?? 0
  }

  /** The credits the server granted on each channel (unlimited before its HAI, or without flow control). */
  protected credits(): {
    credits: Map<HAIPChannel, number>
    byteCredits: Map<HAIPChannel, number>
  } {
    const credits = new Map<HAIPChannel, number>()
    const byteCredits = new Map<HAIPChannel, number>()
    for (const channel of HAIP_CHANNELS) {
      const window = this.#core?.flow.credits(channel)
      credits.set(channel, window?.messages ?? Number.POSITIVE_INFINITY)
      byteCredits.set(channel, window?.bytes ?? Number.POSITIVE_INFINITY)
    }
    return { credits, byteCredits }
  }

  protected get reconnectAttempts(): number {
    return this.#core?.reconnectAttempts ?? 0
  }

  /** Counters since the client was created. */
  getPerformanceMetrics(): HAIPPerformanceMetrics {
    return this.#metrics.snapshot()
  }

  /** Hook: a frame was delivered (in order, no duplicates). */
  protected onFrame(_frame: HAIPMessage): void {}

  /** Hook: the connection ended for good, or the client disconnected. */
  protected onConnectionEnded(_error: HAIPError): void {}

  /** Hook: the session was lost; its transactions are gone. */
  protected onSessionLost(): void {}

  /**
   * Sends a frame. Data frames wait for credits; everything waits while the link is down
   * (or its code loads) and leaves after the handshake. Resolves with the frame id once accepted.
   */
  sendMessage(message: HAIPOutgoingMessage): Promise<string> {
    if (this.#core) return this.#core.sendMessage(message)
    if (this.#phase !== "connecting" || !this.#loading) {
      return Promise.reject(
        new HAIPError("NOT_CONNECTED", "The client is not connected; call connect() first."),
      )
    }
    // After the connect() that started the load, which made the core and began its attempt.
    return this.#loading.then(() => this.sendMessage(message))
  }

  /** Sends an envelope and a raw binary frame (WebSocket) or the data base64-encoded (HTTP). */
  protected submitBinary(frame: Outgoing["frame"], data: ArrayBuffer): void {
    this.#core?.submitBinary(frame, data)
  }

  protected get supportsBinary(): boolean {
    return this.#core?.supportsBinary ?? this.config.transport === "websocket"
  }
}
