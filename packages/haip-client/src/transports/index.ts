/** Picks the transport a client configuration asks for. */
import type { HAIPTransportKind } from "../types.js"
import { HttpStreamingTransport } from "./http-streaming.js"
import { SseTransport } from "./sse.js"
import type { Transport, TransportOptions } from "./transport.js"
import { WebSocketTransport } from "./websocket.js"

export type {
  Transport,
  TransportCloseInfo,
  TransportHandlers,
  TransportOptions,
} from "./transport.js"

/** A transport of `kind` (WebSocket, one duplex NDJSON POST, or SSE plus POSTed frames). */
export function createTransport(kind: HAIPTransportKind, options: TransportOptions): Transport {
  switch (kind) {
    case "sse":
      return new SseTransport(options)
    case "http-streaming":
      return new HttpStreamingTransport(options)
    default:
      return new WebSocketTransport(options)
  }
}
