/** The events and phases of a connection (the client's public event map). */
import type { HAIPError } from "./errors.js"
import type { HAIPMessage } from "./types.js"

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

/** Emits one of the client's events (the connection's `emit`, handed to its parts). */
export type EmitClientEvent = <Name extends keyof HAIPClientEvents>(
  name: Name,
  ...args: Parameters<HAIPClientEvents[Name]>
) => void
