/**
 * The one thing every transport does: carry text frames (and, on WebSocket, binary frames)
 * both ways. The client above knows nothing of sockets or HTTP.
 */

/** How a transport reports what happens to it. */
export interface TransportHandlers {
  /** One text frame (one JSON object) arrived. */
  onText(text: string): void
  /** One binary frame arrived (WebSocket only). */
  onBinary(data: ArrayBuffer): void
  /** The link closed after `open()` resolved; called once. */
  onClose(info: TransportCloseInfo): void
}

/** Why a transport closed. */
export interface TransportCloseInfo {
  /** A WebSocket close code, or 1000 (clean end) / 1006 (dropped) for HTTP transports. */
  code: number
  reason: string
  /** What went wrong, when something did. */
  error?: Error
}

/** What the client needs to open a transport. */
export interface TransportOptions {
  url: string
  token?: string
  headers?: Record<string, string>
  handlers: TransportHandlers
}

/** A bidirectional link carrying HAIP frames. */
export interface Transport {
  /** Opens the link; resolves once frames may be sent, rejects when it cannot open. */
  open(): Promise<void>
  /** Sends one text frame. */
  send(text: string): void
  /** Sends one binary frame, or reports that this transport has none. */
  sendBinary(data: ArrayBuffer): void
  /** Whether binary frames travel as such (otherwise they go base64 inside JSON). */
  readonly supportsBinary: boolean
  /**
   * Closes the link and reports `onClose` at once. `abort` drops it without a closing
   * handshake (for a peer that stopped answering).
   */
  close(code?: number, reason?: string, options?: { abort?: boolean }): void
}

/** `Authorization` value for a token given bare or already as `Bearer …`. */
export function bearer(token: string): string {
  return /^bearer\s/i.test(token) ? token : `Bearer ${token}`
}

/**
 * The HTTP endpoint of a HAIP server for `ending` ("stream", "sse" or "messages"): the
 * reference server and ours serve them under `/haip/`. `ws://host:port` becomes
 * `http://host:port/haip/<ending>`; a URL that already names `/haip` or one of its
 * endpoints keeps its path.
 */
export function httpEndpoint(url: string, ending: "stream" | "sse" | "messages"): URL {
  const parsed = new URL(url)
  if (parsed.protocol === "ws:") parsed.protocol = "http:"
  else if (parsed.protocol === "wss:") parsed.protocol = "https:"
  let path = parsed.pathname.replace(/\/+$/, "")
  path = path.replace(/\/(stream|sse|messages)$/, "")
  if (!path.endsWith("/haip")) path = `${path}/haip`
  parsed.pathname = `${path}/${ending}`
  return parsed
}
