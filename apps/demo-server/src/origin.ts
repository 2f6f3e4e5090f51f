/**
 * Who may talk to the demo server from a browser. Any web page the user visits can send
 * requests to a server on their machine and, without these checks, read chats, delete them
 * and open its WebSockets (which browsers do not guard with CORS). So: CORS answers only the
 * allowed origins, a request or upgrade from any other origin is refused, and the `Host` must
 * name this machine, which defeats DNS rebinding (a page whose own name resolves to 127.0.0.1
 * sends no `Origin` on same-origin GETs, but its `Host` is its own name).
 */
import type { IncomingMessage, ServerResponse } from "node:http"

/** The playground's dev server (`npm start`), under both of its loopback names. */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [
  "http://127.0.0.1:5173",
  "http://localhost:5173",
]

/** Names of this machine accepted in `Host` (any port). */
const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]"]

/** Settings of {@link createOriginPolicy}. */
export interface OriginPolicyOptions {
  /** Origins allowed to call the server from a browser; "*" allows any (do not, outside a sandbox). */
  allowedOrigins?: readonly string[] | undefined
  /** Host names (without port) accepted besides the loopback ones; "*" accepts any. */
  allowedHosts?: readonly string[] | undefined
}

export interface OriginPolicy {
  /** Whether a request may go on; when not, it has been answered 403. Handles CORS and preflights. */
  admit(request: IncomingMessage, response: ServerResponse): "continue" | "answered"
  /** Why an upgrade must be refused, or undefined when it may go on. */
  refuseUpgrade(request: IncomingMessage): string | undefined
}

/** A comma-separated list from the environment (`ALLOWED_ORIGINS`, `ALLOWED_HOSTS`). */
export function listFromEnv(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === "") return undefined
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
}

/** The host name of a `Host` header, without its port, lower-cased. */
function hostName(header: string): string {
  const host = header.trim().toLowerCase()
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1)
  const colon = host.lastIndexOf(":")
  return colon === -1 ? host : host.slice(0, colon)
}

export function createOriginPolicy(options: OriginPolicyOptions = {}): OriginPolicy {
  const origins = new Set(
    (options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS).map((origin) => origin.replace(/\/$/, "")),
  )
  const hosts = new Set([...LOOPBACK_HOSTS, ...(options.allowedHosts ?? [])].map(hostName))
  const anyOrigin = origins.has("*")
  const anyHost = hosts.has("*")

  const problem = (request: IncomingMessage): string | undefined => {
    const host = request.headers.host
    if (!anyHost && (host === undefined || !hosts.has(hostName(host)))) {
      return `The Host ${JSON.stringify(host ?? "")} is not this server's; add it to ALLOWED_HOSTS to serve it.`
    }
    const origin = request.headers.origin
    if (origin !== undefined && !anyOrigin && !origins.has(origin)) {
      return `The origin ${JSON.stringify(origin)} may not call this server; add it to ALLOWED_ORIGINS to allow it.`
    }
    return undefined
  }

  return {
    admit(request, response) {
      const refused = problem(request)
      if (refused) {
        response.writeHead(403, { "Content-Type": "application/json" })
        response.end(JSON.stringify({ error: refused }))
        return "answered"
      }
      // The answer depends on Origin: caches must not give one origin's answer to another.
      response.setHeader("Vary", "Origin")
      const origin = request.headers.origin
      if (origin !== undefined) {
        response.setHeader("Access-Control-Allow-Origin", origin)
        response.setHeader(
          "Access-Control-Allow-Headers",
          "Content-Type, Accept, Authorization, Last-Event-ID",
        )
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
      }
      if (request.method !== "OPTIONS") return "continue"
      response.writeHead(204).end()
      return "answered"
    },
    refuseUpgrade: problem,
  }
}
