/** HAIP over WebSocket (`ws`): one JSON text frame per HAIP frame. */
import type { IncomingMessage } from "node:http"
import type { Duplex } from "node:stream"
import { type WebSocket, WebSocketServer } from "ws"
import { BEARER_SUBPROTOCOL_PREFIX, tokenFromRequest } from "../auth.js"
import type { Connection, ConnectionContext } from "./connection.js"

/** What the WebSocket transport hands each new connection to. */
export type AcceptConnection = (
  connection: Connection,
  context: ConnectionContext,
) => {
  receive(text: string): void
  receiveBinary(): void
  closed(): void
  /** A WebSocket pong arrived: the peer is alive even if it sends no HAIP frame. */
  alive?(): void
}

/** Wraps a `ws` socket as a {@link Connection}. */
class WebSocketConnection implements Connection {
  readonly transport = "websocket"
  constructor(private readonly socket: WebSocket) {}

  send(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text)
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(code, reason)
  }

  ping(): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping()
  }

  bufferedBytes(): number {
    return this.socket.bufferedAmount
  }

  pauseReading(): void {
    this.socket.pause()
  }

  resumeReading(): void {
    this.socket.resume()
  }

  terminate(): void {
    this.socket.terminate()
  }
}

/** A `ws` server in noServer mode whose sockets become HAIP connections. */
export class WebSocketTransport {
  readonly server: WebSocketServer

  constructor(maxFrameBytes: number, accept: AcceptConnection) {
    this.server = new WebSocketServer({
      noServer: true,
      // A hard ceiling far above our own limit: frames between the two get a clear ERROR first.
      maxPayload: maxFrameBytes * 4 + 1024,
      handleProtocols: (protocols) => {
        if (protocols.has("haip")) return "haip"
        for (const protocol of protocols) {
          if (protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX)) return protocol
        }
        return false
      },
    })
    this.server.on("connection", (socket: WebSocket, request: IncomingMessage) => {
      const handler = accept(new WebSocketConnection(socket), {
        requestToken: tokenFromRequest(request),
      })
      socket.on("message", (data, isBinary) => {
        if (isBinary) handler.receiveBinary()
        else handler.receive(data.toString())
      })
      socket.on("pong", () => handler.alive?.())
      socket.on("close", () => handler.closed())
      socket.on("error", () => handler.closed())
    })
  }

  /** Completes an HTTP upgrade into a HAIP WebSocket. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.server.emit("connection", ws, request)
    })
  }

  /** Closes every socket. */
  close(): void {
    for (const client of this.server.clients) client.terminate()
    this.server.close()
  }
}
