/** One client connection, whatever carries it (WebSocket, NDJSON over HTTP, SSE + POST). */
export interface Connection {
  /** "websocket", "http-streaming" or "sse", for logs and stats. */
  readonly transport: string
  /** Sends one encoded frame. */
  send(text: string, seq: string): void
  /** Closes the connection with a WebSocket close code (HTTP transports end the response). */
  close(code: number, reason: string): void
  /** Sends a transport-level ping (WebSocket); its pong is reported as a sign of life. */
  ping?(): void
  /** Bytes sent but still waiting in the socket (the client is not reading them). */
  bufferedBytes?(): number
  /** Stops reading from the client (send back-pressure). */
  pauseReading?(): void
  /** Reads from the client again. */
  resumeReading?(): void
  /** Drops the connection at once, without waiting for buffered bytes to go. */
  terminate?(): void
}

/** What a transport tells the server about the request that opened a connection. */
export interface ConnectionContext {
  /** A token found on the request (`?token=`, a `haip.bearer.` subprotocol, `Authorization`). */
  requestToken: string | undefined
  /** Whether the server must send its HAI first whatever the handshake option says (SSE). */
  forceServerFirst?: boolean
}
