/** Pure helpers of the connection: configuration defaults, the server's HAI, frames, errors. */
import { generationOf, type HAIPHandshakePayload } from "@aichatkit/haip-wire"
import { describe, type ResolvedConfig } from "./config.js"
import { isRecord } from "./envelope.js"
import { AUTH_FAILURE_CODES, HAIPError, HANDSHAKE_REFUSED_CODES } from "./errors.js"
import { generateUUID, utf8Length } from "./frames.js"
import type { Outgoing } from "./outbox.js"
import {
  HAIP_EVENT_TYPES,
  HAIP_VERSION,
  type HAIPChannel,
  type HAIPMessage,
  type HAIPOutgoingMessage,
  type HAIPServerInfo,
} from "./types.js"

/** Reads the server's HAI payload. */
export function parseServerInfo(payload: Record<string, unknown>, session: string): HAIPServerInfo {
  const capabilities = isRecord(payload.capabilities) ? payload.capabilities : {}
  const flow = isRecord(capabilities.flow_control) ? capabilities.flow_control : undefined
  const acceptEvents = Array.isArray(payload.accept_events)
    ? payload.accept_events.filter((value): value is string => typeof value === "string")
    : []
  const info: HAIPServerInfo = {
    session,
    haipVersion: typeof payload.haip_version === "string" ? payload.haip_version : "",
    acceptEvents,
    resume: capabilities.resume === true,
    runEvents: capabilities.run_events === true,
    binaryFrames: capabilities.binary_frames === true,
    regenerateLast: capabilities.regenerate_last === true,
    generation: generationOf(acceptEvents),
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

/**
 * The credits this client holds itself to: the server's, when it is of the spec's generation.
 * The reference server announces credits (1000 messages, 1 MiB) but never grants more with
 * FLOW_UPDATE, so a client held to them would stall for good, silently, after 1 MiB of audio
 * (and it does not heed the credits its clients grant it either).
 */
export function heldCredits(info: HAIPServerInfo | undefined): HAIPServerInfo["flowControl"] {
  return info?.generation === "spec" ? info.flowControl : undefined
}

/** Why the server will not take a frame of `type` (its HAI `accept_events`), or `undefined`. */
export function refusedType(info: HAIPServerInfo | undefined, type: string): string | undefined {
  if (!info || info.acceptEvents.length === 0 || info.acceptEvents.includes(type)) return undefined
  return `The server does not accept ${type} frames (its HAI lists ${info.acceptEvents.length} types it accepts, not this one); nothing was sent.`
}

/** The session a HAI names (in its payload, or its envelope). */
export function haiSession(frame: HAIPMessage): string {
  const payload = isRecord(frame.payload) ? frame.payload : {}
  return typeof payload.session === "string" && payload.session !== ""
    ? payload.session
    : frame.session
}

/** The channel a frame goes on when the caller names none. */
export function defaultChannel(type: HAIPMessage["type"]): HAIPChannel {
  return type === "MESSAGE" || type.startsWith("MESSAGE_") || type.startsWith("TOOL_")
    ? "USER"
    : "SYSTEM"
}

/** The error for a refused token (ours or the reference's code). */
export function authError(payload: Record<string, unknown>): HAIPError {
  const said =
    typeof payload.message === "string" && payload.message !== "" ? ` (${payload.message})` : ""
  return new HAIPError(
    "AUTHENTICATION_FAILED",
    `The server refused the credentials${said}; check the token.`,
    { detail: payload },
  )
}

/**
 * The error for an `ERROR` frame that ends the connection for good, or `undefined` for one
 * that does not: a refused token (ours `AUTHENTICATION_FAILED`, the reference's `FAILED_AUTH`)
 * or a refused handshake (the reference's `NOT HAI`). Reconnecting with the same client
 * would only be refused again.
 */
export function finalServerError(payload: Record<string, unknown>): HAIPError | undefined {
  const code = String(payload.code)
  if (AUTH_FAILURE_CODES.has(code)) return authError(payload)
  if (HANDSHAKE_REFUSED_CODES.has(code)) {
    const said =
      typeof payload.message === "string" && payload.message !== "" ? ` (${payload.message})` : ""
    return new HAIPError(
      "PROTOCOL_VIOLATION",
      `The server refused the handshake${said}: it did not take the client's first frame as HAI. Check that the URL is a HAIP endpoint of a version this client speaks (HAIP 1.1.2).`,
      { detail: payload },
    )
  }
  return undefined
}

/** Anything thrown as a HAIPError with `code`. */
export function asHAIPError(error: unknown, code: string): HAIPError {
  if (error instanceof HAIPError) return error
  return new HAIPError(code, describe(error), { detail: error })
}

/** What the client does with the server's HAI during a handshake. */
export type GreetingOutcome = "fresh" | "resumed" | "wait"

/**
 * The handshake rule for a server's HAI: not resuming → a fresh session; the session being
 * resumed → resumed; another session → fresh once the server said RESUME_FAILED or never
 * announced resume (the reference server), else wait: a server that speaks first greets every
 * connection with a new session before it reads the client's HAI and answers for the old one.
 */
export function greetingOutcome(input: {
  resumeSession: string | undefined
  greetingSession: string
  resumeFailedSeen: boolean
  serverResumes: boolean
}): GreetingOutcome {
  if (input.resumeSession === undefined) return "fresh"
  if (input.greetingSession === input.resumeSession) return "resumed"
  if (input.resumeFailedSeen || !input.serverResumes) return "fresh"
  return "wait"
}

/** The client's HAI payload. */
export function clientHello(
  config: ResolvedConfig,
  options: {
    binaryFrames: boolean
    auth: Record<string, unknown> | undefined
    resume?: { session: string; lastRxSeq: number }
  },
): HAIPHandshakePayload {
  const payload: HAIPHandshakePayload = {
    haip_version: HAIP_VERSION,
    accept_major: [1],
    accept_events: [...HAIP_EVENT_TYPES],
    capabilities: {
      binary_frames: options.binaryFrames,
      flow_control: {
        initial_credit_messages: config.initialCredits,
        initial_credit_bytes: config.initialCreditBytes,
      },
      max_concurrent_runs: config.maxConcurrentRuns,
    },
  }
  if (options.auth) payload.auth = options.auth
  if (options.resume) {
    payload.session = options.resume.session
    payload.last_rx_seq = String(options.resume.lastRxSeq)
  }
  return payload
}

/**
 * The frame for `message`, or why it may not go: send a peer only what it said it accepts (the
 * reference server refuses the spec's run and streaming types with an ERROR at best), and
 * nothing over the frame limit.
 */
export function checkedFrame(
  message: HAIPOutgoingMessage,
  info: HAIPServerInfo | undefined,
  maxFrameBytes: number,
): Outgoing["frame"] | HAIPError {
  const refused = refusedType(info, message.type)
  if (refused) return new HAIPError("UNSUPPORTED_TYPE", refused)
  const frame = outgoingFrame(message)
  const size = utf8Length(JSON.stringify(frame.payload ?? null))
  if (size > maxFrameBytes) {
    return new HAIPError(
      "PAYLOAD_TOO_LARGE",
      `The ${frame.type} payload is ${size} bytes, over the ${maxFrameBytes} byte frame limit; split it.`,
    )
  }
  return frame
}

/**
 * The frame a caller's message becomes (id, timestamp and channel filled in; envelope fields
 * given on the message win over `message.envelope`). Seq, ack and session are stamped as it leaves.
 */
export function outgoingFrame(message: HAIPOutgoingMessage): Outgoing["frame"] {
  const envelope = message.envelope ?? {}
  const frame: Outgoing["frame"] = {
    id: generateUUID(),
    transaction: message.transaction ?? envelope.transaction ?? null,
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
  return frame
}
