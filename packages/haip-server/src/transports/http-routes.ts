/**
 * The HTTP side of a HAIP server: `GET /health`, `GET /stats`, NDJSON on `POST <base>/stream`,
 * SSE on `GET <base>/sse` with frames `POST`ed to `<base>/messages?session=<id>`.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { tokenFromRequest } from "../auth.js"
import type { Connection, ConnectionContext } from "./connection.js"
import { allowedOrigin, type CorsPolicy } from "./cors.js"
import { NdjsonConnection, readBody, readLines, SseConnection, sendJson } from "./http.js"

/** A connection's receiving end, as the server hands it out. */
export interface LinkHandle {
  receive(text: string): void
  receiveBinary(): void
  closed(): void
  fatal(code: "PAYLOAD_TOO_LARGE", message: string, closeCode: number): void
}

/** What the routes need from the server. */
export interface HttpRoutesHost {
  readonly maxFrameBytes: number
  accept(connection: Connection, context: ConnectionContext): LinkHandle
  /** The connection attached to a session, for frames POSTed to it. */
  linkOf(sessionId: string): LinkHandle | undefined
  health(): Record<string, unknown>
  stats(): unknown
}

/** Settings of the routes. */
export interface HttpRoutesOptions {
  /** Path prefix (empty for a standalone server). */
  basePath: string
  /** Whether `/health` and `/stats` are also answered at the root (standalone servers). */
  rootRoutes: boolean
  /** Which origins get CORS headers; `undefined`: none (CORS off). */
  cors: CorsPolicy | undefined
}

export class HttpRoutes {
  private readonly transportBase: string

  constructor(
    private readonly host: HttpRoutesHost,
    private readonly options: HttpRoutesOptions,
  ) {
    this.transportBase = options.basePath || "/haip"
  }

  /** Answers the request when it is ours; resolves `false` otherwise. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? "/", "http://localhost")
    const path = url.pathname
    const route = (suffix: string) =>
      path === `${this.options.basePath}${suffix}` || (this.options.rootRoutes && path === suffix)
    const base = this.transportBase
    if (!route("/health") && !route("/stats") && !path.startsWith(`${base}/`)) return false
    const cors = this.options.cors
    if (cors !== undefined) {
      // The answer depends on the Origin: a shared cache must not hand one page's to another.
      response.setHeader("Vary", "Origin")
      const origin = allowedOrigin(cors, request.headers.origin)
      if (origin !== undefined) {
        response.setHeader("Access-Control-Allow-Origin", origin)
        response.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization")
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
      }
      // A preflight from an origin not allowed gets no CORS header: the browser stops there.
      if (request.method === "OPTIONS") {
        response.writeHead(204).end()
        return true
      }
    }
    const method = request.method ?? "GET"
    if (method === "GET" && route("/health")) {
      sendJson(response, 200, this.host.health())
    } else if (method === "GET" && route("/stats")) {
      sendJson(response, 200, this.host.stats())
    } else if (method === "POST" && path === `${base}/stream`) {
      this.acceptNdjson(request, response)
    } else if (method === "GET" && path === `${base}/sse`) {
      const link = this.host.accept(new SseConnection(response), {
        requestToken: tokenFromRequest(request),
        forceServerFirst: true,
      })
      request.on("close", () => link.closed())
    } else if (method === "POST" && path === `${base}/messages`) {
      await this.acceptPostedFrames(url.searchParams.get("session") ?? "", request, response)
    } else {
      return false
    }
    return true
  }

  private acceptNdjson(request: IncomingMessage, response: ServerResponse): void {
    const limit = this.host.maxFrameBytes
    const link = this.host.accept(new NdjsonConnection(response), {
      requestToken: tokenFromRequest(request),
    })
    readLines(
      request,
      limit,
      (line) => link.receive(line),
      () => {
        const message = `A line is longer than ${limit} bytes; split the content into MESSAGE_PART frames.`
        link.fatal("PAYLOAD_TOO_LARGE", message, 1009)
      },
    )
    response.on("close", () => link.closed())
  }

  private async acceptPostedFrames(
    sessionId: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const link = this.host.linkOf(sessionId)
    if (!link) {
      sendJson(response, 404, {
        error: `No connected session ${sessionId}; open GET ${this.transportBase}/sse first and use the session id of its first frame.`,
      })
      return
    }
    const limit = this.host.maxFrameBytes * 16
    const body = await readBody(request, limit)
    if (body === undefined) {
      sendJson(response, 413, {
        error: `The body is larger than ${limit} bytes; send fewer frames per request.`,
      })
      return
    }
    let frames: unknown
    try {
      frames = JSON.parse(body)
    } catch {
      sendJson(response, 400, {
        error: "The body is not JSON: send one frame object or an array of frames.",
      })
      return
    }
    const list = Array.isArray(frames) ? frames : [frames]
    for (const frame of list) link.receive(JSON.stringify(frame))
    sendJson(response, 202, { accepted: list.length })
  }
}
