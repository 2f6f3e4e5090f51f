/**
 * The link's lifecycle, for {@link HAIPConnection}: one attempt to open a transport and complete
 * the handshake, what happens when the transport closes (the handshake fails, the link is lost
 * and reconnects, or it is given up), a fatal error, and the timers of an open link. The
 * connection owns the parts (handshake, inbox, outbox) and receives; the link says how it stands.
 */

import { describe, type ResolvedConfig } from "./config.js"
import type { ConnectionPhase, HAIPClientEvents } from "./connection-events.js"
import { asHAIPError, clientHello } from "./connection-support.js"
import { HAIPError } from "./errors.js"
import type { Handshake } from "./handshake.js"
import { startHeartbeat } from "./heartbeat.js"
import type { Inbox } from "./inbox.js"
import type { Outbox } from "./outbox.js"
import { Reconnector } from "./reconnect.js"
import { Timers } from "./timers.js"
import {
  createTransport,
  type Transport,
  type TransportCloseInfo,
  type TransportOptions,
} from "./transports/index.js"
import type { HAIPAuth } from "./types.js"

/** What the link needs from its connection. */
export interface LinkHost {
  readonly config: ResolvedConfig
  readonly handshake: Handshake
  readonly inbox: Inbox
  readonly outbox: Outbox
  /** The HAI's `payload.auth` provider, if the app gave one. */
  readonly authProvider: (() => HAIPAuth | Promise<HAIPAuth>) | undefined
  emit<Name extends keyof HAIPClientEvents>(
    name: Name,
    ...args: Parameters<HAIPClientEvents[Name]>
  ): void
  /** A text frame arrived on the current transport. */
  receive(text: string): void
  /** The connection ended for good (or the client disconnected): its hook. */
  ended(error: HAIPError): void
}

export class Link {
  transport: Transport | undefined
  phase: ConnectionPhase = "idle"
  /** The app called `disconnect()`: no reconnect. */
  userClosed = false
  /** A final error (refused token or handshake): every later call fails with it. */
  fatal: HAIPError | undefined
  /** When the last frame from the server arrived (`Date.now()`). */
  lastReceivedAt = 0
  /** When the current attempt started, for `connectionTime`. */
  attemptStartedAt = 0
  readonly timers = new Timers()
  readonly reconnector = new Reconnector()
  readonly #host: LinkHost

  constructor(host: LinkHost) {
    this.#host = host
  }

  /** One attempt: the auth, a transport, the client's HAI, then the handshake. */
  async attempt(resume: boolean): Promise<void> {
    const { config, handshake: session } = this.#host
    this.phase = resume ? "reconnecting" : "connecting"
    this.attemptStartedAt = Date.now()
    session.reset()
    const auth = await this.#auth()
    const token = typeof auth?.token === "string" ? auth.token : config.token
    const handshake = session.start(resume)
    // WebSocket is made at once; an HTTP transport after its module loads.
    const created = this.#createTransport(token)
    const transport = created instanceof Promise ? await created : created
    this.transport = transport
    this.timers.set("handshake", config.handshakeTimeout, () => {
      session.reject(
        new HAIPError(
          "HANDSHAKE_TIMEOUT",
          `The server at ${config.url} did not complete the HAIP handshake within ${config.handshakeTimeout} ms.`,
          { retryable: true },
        ),
      )
      if (this.transport === transport) transport.close(4000, "handshake timeout", { abort: true })
    })
    await this.#open(transport)
    this.#host.emit("connect")
    this.lastReceivedAt = Date.now()
    const resumeSession = session.resumeSession
    const payload = clientHello(config, {
      binaryFrames: transport.supportsBinary,
      auth,
      ...(resumeSession === undefined
        ? {}
        : {
            resume: { session: resumeSession, lastRxSeq: this.#host.inbox.sequencer.lastDelivered },
          }),
    })
    this.#host.outbox.sendControl("HAI", payload)
    for (const text of session.releaseHeld()) {
      if (this.transport === transport) this.#host.receive(text)
    }
    try {
      await handshake
    } finally {
      this.timers.clear("handshake")
    }
  }

  /** Ends the link for good with `error` (a refused token or handshake). */
  fail(error: HAIPError): void {
    this.fatal = error
    this.phase = "closed"
    this.stopTimers()
    this.#host.outbox.dropAll()
    this.#host.emit("error", error)
    this.#host.handshake.reject(error)
    this.#host.ended(error)
    const transport = this.transport
    this.transport = undefined
    if (transport) {
      transport.close(1008, error.code)
      this.#host.emit("disconnect", error.message)
    }
  }

  stopTimers(): void {
    this.timers.clearAll()
    this.#host.inbox.stop()
  }

  /** The handshake completed: the heartbeat starts. */
  startHeartbeat(): void {
    const link = this
    startHeartbeat({
      timers: this.timers,
      interval: this.#host.config.heartbeatInterval,
      get lastReceivedAt() {
        return link.lastReceivedAt
      },
      sendControl: (type, payload) => this.#host.outbox.sendControl(type, payload),
      silent: (error) => {
        this.#host.emit("error", error)
        this.transport?.close(4000, "heartbeat timeout", { abort: true })
      },
      ackIfDue: () => this.#host.inbox.ackIfDue(),
    })
  }

  /** The app's auth, else the configured token. */
  async #auth(): Promise<HAIPAuth | undefined> {
    const { authProvider, config } = this.#host
    let auth: HAIPAuth | undefined
    try {
      auth = authProvider ? await authProvider() : undefined
    } catch (error) {
      throw new HAIPError(
        "AUTHENTICATION_FAILED",
        `The authenticate callback failed: ${describe(error)}`,
      )
    }
    if (!auth && config.token !== undefined) auth = { token: config.token }
    return auth
  }

  async #open(transport: Transport): Promise<void> {
    try {
      await transport.open()
    } catch (error) {
      this.timers.clear("handshake")
      if (this.transport === transport) this.transport = undefined
      throw new HAIPError(
        "CONNECTION_FAILED",
        `Could not connect to ${this.#host.config.url}: ${describe(error)}. Check the URL and that the server runs.`,
        { retryable: true, detail: error },
      )
    }
    if (this.transport !== transport)
      throw new HAIPError("CONNECTION_FAILED", "The connection was closed while opening.")
  }

  #createTransport(token: string | undefined): Transport | Promise<Transport> {
    const { config } = this.#host
    const options: TransportOptions = {
      url: config.url,
      handlers: {
        onText: (text) => {
          if (this.transport === transport) this.#guard(() => this.#host.receive(text))
        },
        onBinary: (data) => {
          if (this.transport === transport) this.#guard(() => this.#host.emit("binary", data))
        },
        onClose: (info) => this.#guard(() => this.#onClose(transport, info)),
      },
    }
    if (token !== undefined) options.token = token
    if (config.headers) options.headers = config.headers
    // The handlers above compare against `transport`, set once the module has loaded.
    let transport: Transport
    const created = createTransport(config.transport, options)
    if (!(created instanceof Promise)) {
      transport = created
      return created
    }
    return created.then((loaded) => {
      transport = loaded
      return loaded
    })
  }

  /** Nothing throws across a socket callback: a failure in the client is reported instead. */
  #guard(action: () => void): void {
    try {
      action()
    } catch (error) {
      this.#host.emit(
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
    if (this.transport !== transport) return
    const { config, handshake } = this.#host
    this.transport = undefined
    this.stopTimers()
    const wasOpen = handshake.done
    handshake.done = false
    if (this.fatal || this.userClosed) {
      this.phase = "closed"
      return
    }
    const reason = info.reason || `connection closed (code ${info.code})`
    if (!wasOpen) {
      handshake.reject(
        new HAIPError(
          "CONNECTION_FAILED",
          `The connection to ${config.url} closed during the handshake (${reason}).`,
          { retryable: true, detail: info.error },
        ),
      )
      return
    }
    this.#host.emit("disconnect", reason)
    if (config.maxReconnectAttempts <= 0) {
      this.#giveUp(
        new HAIPError(
          "CONNECTION_FAILED",
          `The connection to ${config.url} was lost (${reason}) and reconnecting is off.`,
        ),
      )
      return
    }
    this.#reconnect()
  }

  #reconnect(): void {
    const { config } = this.#host
    this.phase = "reconnecting"
    const link = this
    void this.reconnector.run({
      url: config.url,
      maxReconnectAttempts: config.maxReconnectAttempts,
      reconnectDelay: config.reconnectDelay,
      maxReconnectDelay: config.maxReconnectDelay,
      get stopped() {
        return link.userClosed || link.fatal !== undefined
      },
      scheduled: (attempt) => this.#host.emit("reconnecting", attempt),
      attempt: () => this.attempt(true),
      attemptFailed: (error) => this.#host.emit("error", asHAIPError(error, "CONNECTION_FAILED")),
      gaveUp: (error) => this.#giveUp(error),
    })
  }

  #giveUp(error: HAIPError): void {
    this.phase = "closed"
    this.reconnector.reset()
    this.#host.outbox.dropAll()
    this.#host.emit("error", error)
    this.#host.ended(error)
  }
}
