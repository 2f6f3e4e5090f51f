/**
 * The parts of a {@link HAIPConnection} wired to one another: the link (lifecycle), the outbox
 * (seq/ack stamping, credits, resend), the inbox (order, replay, acks) and the handshake. Each
 * part reaches the others through `parts`, read only once all of them exist.
 */

import { heldCredits } from "./connection-support.js"
import { Handshake } from "./handshake.js"
import { Inbox } from "./inbox.js"
import { Link, type LinkHost } from "./link.js"
import type { Metrics } from "./metrics.js"
import { Outbox } from "./outbox.js"
import type { HAIPMessage } from "./types.js"

export interface ConnectionParts {
  readonly link: Link
  readonly outbox: Outbox
  readonly inbox: Inbox
  readonly handshake: Handshake
}

/**
 * What the parts need from their connection: what the link needs, except the parts themselves,
 * and what the inbox and outbox need besides.
 */
export interface PartsHost extends Omit<LinkHost, "handshake" | "inbox" | "outbox"> {
  readonly metrics: Metrics
  /** A frame is delivered (in order, once). */
  handle(frame: HAIPMessage): void
  /** The session was lost; its transactions are gone. */
  sessionLost(): void
}

export function createParts(host: PartsHost): ConnectionParts {
  const parts = {} as { -readonly [Key in keyof ConnectionParts]: ConnectionParts[Key] }
  parts.link = createLink(host, parts)
  parts.outbox = createOutbox(host, parts)
  parts.inbox = createInbox(host, parts)
  parts.handshake = createHandshake(host, parts)
  return parts
}

function createLink(host: PartsHost, parts: ConnectionParts): Link {
  return new Link({
    config: host.config,
    get handshake() {
      return parts.handshake
    },
    get inbox() {
      return parts.inbox
    },
    get outbox() {
      return parts.outbox
    },
    get authProvider() {
      return host.authProvider
    },
    emit: (name, ...args) => host.emit(name, ...args),
    receive: (text) => host.receive(text),
    ended: (error) => host.ended(error),
  })
}

function createOutbox(host: PartsHost, parts: ConnectionParts): Outbox {
  const { config } = host
  return new Outbox(
    {
      get transport() {
        return parts.link.transport
      },
      get ready() {
        return parts.link.phase === "open"
      },
      get session() {
        return parts.handshake.session
      },
      get ack() {
        const sequencer = parts.inbox.sequencer
        return sequencer.ordered && sequencer.lastDelivered > 0
          ? String(sequencer.lastDelivered)
          : undefined
      },
      written: (bytes) => {
        parts.inbox.written()
        host.metrics.sent(bytes)
      },
    },
    { messages: config.initialCredits, bytes: config.initialCreditBytes },
  )
}

function createInbox(host: PartsHost, parts: ConnectionParts): Inbox {
  const { config } = host
  return new Inbox(
    {
      replayGapDelay: config.replayGapDelay,
      ackEvery: config.ackEvery,
      get serverLimited() {
        return heldCredits(parts.handshake.serverInfo) !== undefined
      },
      get grantsHeeded() {
        return parts.handshake.serverInfo?.generation !== "reference"
      },
      get halted() {
        return parts.link.fatal !== undefined
      },
      sendControl: (type, payload) => parts.outbox.sendControl(type, payload),
      error: (error) => host.emit("error", error),
      warn: (warning) => host.emit("warning", warning),
      handle: (frame) => host.handle(frame),
    },
    parts.outbox.flow,
  )
}

function createHandshake(host: PartsHost, parts: ConnectionParts): Handshake {
  const { link } = parts
  return new Handshake({
    timers: link.timers,
    inbox: parts.inbox,
    outbox: parts.outbox,
    get linked() {
      return link.transport !== undefined
    },
    emit: (name, ...args) => host.emit(name, ...args),
    fail: (error) => link.fail(error),
    opened: () => {
      link.phase = "open"
      host.metrics.connected(Date.now() - link.attemptStartedAt)
      link.startHeartbeat()
    },
    sessionLost: () => host.sessionLost(),
  })
}
