import type { IncomingMessage, ServerResponse } from "node:http"
import type { Duplex } from "node:stream"

/**
 * One wire the demo server speaks (HAIP, SSE, GraphQL). Each lives in its own module and is
 * mounted by `createDemoServer`; an endpoint answers only the paths it owns.
 */
export interface WireEndpoint {
  /** Short name for logs ("haip", "sse", "graphql"). */
  name: string
  /** Paths it serves, for the index page and the start-up log. */
  paths: string[]
  /** Handles an HTTP request; resolves `true` when it did, `false` to let the next try. */
  handleRequest?(request: IncomingMessage, response: ServerResponse): boolean | Promise<boolean>
  /** Takes a WebSocket upgrade; returns `true` when it did. */
  handleUpgrade?(request: IncomingMessage, socket: Duplex, head: Buffer): boolean
  /** Closes its sockets and timers. */
  close?(): Promise<void>
}
