/**
 * SSE transport: the server's frames arrive on `GET /haip/sse` (`data: <frame JSON>` per
 * event; the first frame names the session), the client's frames go by
 * `POST /haip/messages?session=<id>` (a JSON array, in order, one request at a time).
 * Our server accepts those POSTs; the public reference server has no such route, so over
 * SSE it can only be listened to.
 */
import { createParser } from "eventsource-parser"
import { toError } from "./http-streaming.js"
import { bearer, httpEndpoint, type Transport, type TransportOptions } from "./transport.js"

/** HAIP over Server-Sent Events plus POSTed client frames. */
export class SseTransport implements Transport {
  readonly supportsBinary = false
  readonly #options: TransportOptions
  readonly #abort = new AbortController()
  #session: string | undefined
  #outbox: string[] = []
  #posting = false
  #closed = false

  constructor(options: TransportOptions) {
    this.#options = options
  }

  #headers(extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { ...this.#options.headers, ...extra }
    if (this.#options.token) headers.authorization = bearer(this.#options.token)
    return headers
  }

  async open(): Promise<void> {
    const endpoint = httpEndpoint(this.#options.url, "sse")
    let response: Response
    try {
      response = await fetch(endpoint, {
        headers: this.#headers({ accept: "text/event-stream" }),
        signal: this.#abort.signal,
      })
    } catch (error) {
      throw toError(error, `Could not reach ${endpoint.origin}.`)
    }
    if (!response.ok || !response.body) {
      throw new Error(`The server answered HTTP ${response.status} to the HAIP event stream.`)
    }
    void this.#read(response.body)
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = createParser({
      onEvent: (event) => {
        if (this.#session === undefined) {
          try {
            const frame = JSON.parse(event.data) as {
              session?: unknown
              payload?: { session?: unknown }
            }
            const session = frame.payload?.session ?? frame.session
            if (typeof session === "string" && session !== "") {
              this.#session = session
              queueMicrotask(() => this.#flush())
            }
          } catch {
            // not JSON: the client reports it when it decodes the frame
          }
        }
        this.#options.handlers.onText(event.data)
      },
    })
    const reader = body.getReader()
    const decoder = new TextDecoder()
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        parser.feed(decoder.decode(value, { stream: true }))
      }
      this.#finish(1000, "event stream ended")
    } catch (error) {
      this.#finish(1006, "event stream broke", toError(error, "The HAIP event stream broke."))
    }
  }

  send(text: string): void {
    if (this.#closed) return
    this.#outbox.push(text)
    if (this.#session !== undefined && !this.#posting) queueMicrotask(() => this.#flush())
  }

  async #flush(): Promise<void> {
    if (this.#posting || this.#closed || this.#session === undefined) return
    this.#posting = true
    try {
      while (this.#outbox.length > 0 && !this.#closed) {
        const batch = this.#outbox
        this.#outbox = []
        const endpoint = httpEndpoint(this.#options.url, "messages")
        endpoint.searchParams.set("session", this.#session)
        const response = await fetch(endpoint, {
          method: "POST",
          headers: this.#headers({ "content-type": "application/json" }),
          body: `[${batch.join(",")}]`,
          signal: this.#abort.signal,
        })
        await response.arrayBuffer().catch(() => undefined)
        if (!response.ok) {
          this.#finish(
            response.status === 401 || response.status === 403 ? 1008 : 1006,
            `HTTP ${response.status}`,
            new Error(`The server answered HTTP ${response.status} to posted HAIP frames.`),
          )
          return
        }
      }
    } catch (error) {
      this.#finish(1006, "post failed", toError(error, "Posting HAIP frames failed."))
    } finally {
      this.#posting = false
    }
  }

  sendBinary(): void {
    throw new Error("SSE carries no binary frames; send the data base64-encoded.")
  }

  close(code = 1000, reason = "closed by the client"): void {
    this.#finish(code, reason)
  }

  #finish(code: number, reason: string, error?: Error): void {
    if (this.#closed) return
    this.#closed = true
    this.#abort.abort()
    this.#options.handlers.onClose(error ? { code, reason, error } : { code, reason })
  }
}
