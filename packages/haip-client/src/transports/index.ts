/**
 * Picks the transport a client configuration asks for. WebSocket, the default, comes with the
 * connection core (itself loaded at the first connect()); the HTTP transports (and SSE's
 * parser) load with a dynamic import() the first time a client asks for one, so a page on
 * WebSocket never downloads them.
 */
import type { HAIPTransportKind } from "../types.js"
import type { Transport, TransportOptions } from "./transport.js"
import { WebSocketTransport } from "./websocket.js"

export type {
  Transport,
  TransportCloseInfo,
  TransportHandlers,
  TransportOptions,
} from "./transport.js"

/**
 * A transport of `kind` (WebSocket, one duplex NDJSON POST, or SSE plus POSTed frames):
 * WebSocket at once, an HTTP transport once its module has loaded.
 */
export function createTransport(
  kind: HAIPTransportKind,
  options: TransportOptions,
): Transport | Promise<Transport> {
  switch (kind) {
    case "sse":
      return import("./sse.js").then((module) => new module.SseTransport(options))
    case "http-streaming":
      return import("./http-streaming.js").then(
        (module) => new module.HttpStreamingTransport(options),
      )
    default:
      return new WebSocketTransport(options)
  }
}
