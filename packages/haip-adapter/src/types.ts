import type { HAIPClientImpl, HAIPTransportKind } from "@aichatkit/haip-client"
import type { UploadFunction } from "@aichatkit/network-adapter"

/** Options of {@link HAIPAdapter}. */
export interface HAIPAdapterOptions {
  /**
   * The tool takes files: its MESSAGE payload may be `{ text, attachments }` (each file
   * `{ name, mime, size?, data }` with base64 bytes, or `{ name, mime, url }`). Off by default:
   * a tool whose input schema is a string refuses an object payload.
   */
  attachments?: boolean | undefined
  /**
   * Uploads a file the user sends and resolves with its URL; the MESSAGE then carries the URL
   * instead of the bytes (base64 in the payload without it). It is handed the turn's `signal` and an `onProgress(loaded, total)` to report the
   * upload's progress, which reaches `sendMessage`'s `onUploadProgress` (the UI's bar).
   */
  upload?: UploadFunction | undefined
  /** The largest file the user may send, in bytes (default 20 MB). */
  maxAttachmentBytes?: number | undefined
  /** The server: `ws://host:port` (our demo server: `ws://host:port/haip`), or http(s) for the HTTP transports. */
  url: string
  /** Bearer token, sent in the HAI's `payload.auth` (e.g. the reference form `"Bearer TOKEN"`). */
  token?: string
  /** The tool each agent's transaction is bound to (e.g. `"llm"`, our demo server's `"demo"`). */
  tool: string
  /** `params` of each TRANSACTION_START. */
  toolParams?: Record<string, unknown>
  /** Default `"websocket"`. */
  transport?: HAIPTransportKind
  /** Reconnect after a drop (default true: 5 attempts from 1 s, doubling, with jitter); false turns it off. */
  reconnect?: boolean | { maxAttempts?: number; delayMs?: number; maxDelayMs?: number }
  /** Ping interval; two intervals without a frame from the server mean a dead link (default 30000; 0 disables). */
  heartbeatIntervalMs?: number
  /**
   * Against a server without run events: how long after a complete answer without further
   * frames the turn counts as over (default 250 ms). See the README's "When a turn is over".
   */
  turnIdleMs?: number
  /** The credits this side grants the server per channel. */
  flowControl?: { initialCredits?: number; initialCreditBytes?: number }
  /** A turn whose server sends nothing for this long fails with TIMEOUT (default 120000 ms; 0 waits forever). */
  turnTimeoutMs?: number
  /** How long to wait for the server's RUN_FINISHED after a cancel before ending the turn locally (default 3000 ms). */
  cancelGraceMs?: number
  /** The clock for item timestamps (tests). */
  now?: () => Date
  /** A client to use instead of creating one (it must not be shared with another adapter). */
  client?: HAIPClientImpl
}
