/** The events and phases of a connection (the client's public event map). */
import type { HAIPError } from "./errors.js"
import type { HAIPMessage } from "./types.js"

/**
 * Something a peer sent differently from what the client expected, put right or taken as
 * it is: the frame was still used. For logs and devtools; nothing for the user to do.
 */
export interface HAIPWarning {
  /** `UNEXPECTED_FIELD`: an envelope or payload field was filled differently; `UNORDERED_FRAME`: a frame without a decimal seq from a server whose seqs are a counter. */
  code: "UNEXPECTED_FIELD" | "UNORDERED_FRAME"
  /** What was different and what the client did about it. */
  message: string
  frameId?: string
  frameType?: string
}

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
  /** A frame was used although a field of it was not as expected (see {@link HAIPWarning}). */
  warning: (warning: HAIPWarning) => void
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

/** Emits one of the client's events (the connection's `emit`, handed to its parts). */
export type EmitClientEvent = <Name extends keyof HAIPClientEvents>(
  name: Name,
  ...args: Parameters<HAIPClientEvents[Name]>
) => void
