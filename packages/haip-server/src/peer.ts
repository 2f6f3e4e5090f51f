/**
 * What a client said it accepts (its HAI `accept_events`) and what the server sends it in
 * consequence. Pure and per session: frames go in as the tool produced them and come out as
 * this client can take them (see the README, "Interoperability").
 */
import { generationOf } from "@aichatkit/haip-wire"
import type { QueuedFrame } from "./session.js"
import type { HAIPFlowControlGrant } from "./types.js"

const STREAMED_TEXT_TYPES = ["MESSAGE_START", "MESSAGE_PART", "MESSAGE_END"] as const

/** How a client is served, from its HAI. */
export interface PeerProfile {
  /** The types it accepts; `undefined` when it listed none (it gets everything). */
  readonly accepted: ReadonlySet<string> | undefined
  /** "reference" when its `accept_events` carry none of the spec's streaming/run/tool types. */
  readonly generation: "spec" | "reference"
}

/** A client that said nothing: everything is sent, and it is held to the spec. */
export const EVERYTHING: PeerProfile = { accepted: undefined, generation: "spec" }

/** Reads the client HAI's `accept_events` (an empty or missing list means "everything"). */
export function peerProfile(acceptEvents: unknown): PeerProfile {
  if (!Array.isArray(acceptEvents)) return EVERYTHING
  const listed = acceptEvents.filter((value): value is string => typeof value === "string")
  if (listed.length === 0) return EVERYTHING
  return { accepted: new Set(listed), generation: generationOf(listed) }
}

/** Whether the client is held to the credits it grants (the spec's generation only). */
export function heldToCredits(profile: PeerProfile): boolean {
  return profile.generation === "spec"
}

/**
 * The credits a client's HAI grants the server (`capabilities.flow_control`), when it is held
 * to them. A client of the reference's generation never grants more (its SDK ignores
 * FLOW_UPDATE, and the reference server ignores client credits): holding it would stall it.
 */
export function creditsGranted(
  profile: PeerProfile,
  flowControl: unknown,
): HAIPFlowControlGrant | undefined {
  if (!heldToCredits(profile) || typeof flowControl !== "object" || flowControl === null) {
    return undefined
  }
  const grant = flowControl as Record<string, unknown>
  const messages = grant.initial_credit_messages
  const bytes = grant.initial_credit_bytes
  if (typeof messages !== "number" || messages < 1) return undefined
  return {
    initial_credit_messages: messages,
    initial_credit_bytes: typeof bytes === "number" && bytes > 0 ? bytes : Number.MAX_SAFE_INTEGER,
  }
}

/** Whether the client accepts frames of this type. */
export function acceptsType(profile: PeerProfile, type: string): boolean {
  return profile.accepted === undefined || profile.accepted.has(type)
}

/**
 * Turns the frames a tool sends into the frames one client accepts. A streamed text becomes
 * one whole `MESSAGE` when it ends, for a client without MESSAGE_START/PART/END; a tool call's
 * outcome becomes one `INFO` for a client without TOOL_*; any other type the client did not
 * list is not sent.
 */
export class PeerDelivery {
  /** Streamed texts being gathered into a whole MESSAGE, by message_id. */
  private readonly gathering = new Map<string, string>()
  /** The tool name of each call announced, by call_id, for the INFO that reports its outcome. */
  private readonly callTools = new Map<string, string>()
  private readonly streams: boolean

  constructor(readonly profile: PeerProfile) {
    this.streams = STREAMED_TEXT_TYPES.every((type) => acceptsType(profile, type))
  }

  /** Whether every frame goes as it is (the client listed no `accept_events`). */
  get passesAll(): boolean {
    return this.profile.accepted === undefined
  }

  /** The frames to send for one frame a tool (or the server) produced: none, it, or others. */
  translate(frame: QueuedFrame): QueuedFrame[] {
    if (this.profile.accepted === undefined) return [frame]
    switch (frame.type) {
      case "MESSAGE_START":
      case "MESSAGE_PART":
      case "MESSAGE_END":
        return this.streams ? [frame] : this.gather(frame)
      case "TOOL_CALL":
      case "TOOL_DONE":
        return this.toolFrame(frame)
      default:
        return acceptsType(this.profile, frame.type) ? [frame] : []
    }
  }

  private gather(frame: QueuedFrame): QueuedFrame[] {
    const payload = objectPayload(frame.payload)
    const messageId = typeof payload.message_id === "string" ? payload.message_id : ""
    const text = typeof payload.text === "string" ? payload.text : ""
    if (frame.type === "MESSAGE_START") {
      this.gathering.set(messageId, text)
      return []
    }
    const sofar = this.gathering.get(messageId)
    if (sofar === undefined) return []
    if (frame.type === "MESSAGE_PART") {
      this.gathering.set(messageId, sofar + text)
      return []
    }
    this.gathering.delete(messageId)
    // An empty text is not sent: the reference SDK refuses a MESSAGE whose payload is falsy.
    if (sofar === "" || !acceptsType(this.profile, "MESSAGE")) return []
    return [{ ...frame, type: "MESSAGE", payload: sofar }]
  }

  private toolFrame(frame: QueuedFrame): QueuedFrame[] {
    if (acceptsType(this.profile, frame.type)) return [frame]
    const payload = objectPayload(frame.payload)
    const callId = typeof payload.call_id === "string" ? payload.call_id : ""
    if (frame.type === "TOOL_CALL") {
      if (typeof payload.tool === "string") this.callTools.set(callId, payload.tool)
      return []
    }
    const tool = this.callTools.get(callId)
    this.callTools.delete(callId)
    if (!acceptsType(this.profile, "INFO")) return []
    const info: Record<string, unknown> = { event: "TOOL_DONE", ...payload }
    if (tool !== undefined) info.tool = tool
    return [{ ...frame, type: "INFO", payload: info }]
  }
}

function objectPayload(payload: unknown): Record<string, unknown> {
  return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {}
}
