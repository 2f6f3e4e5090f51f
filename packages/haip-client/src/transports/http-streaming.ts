/**
 * HTTP streaming transport, as the reference server speaks it: one long `POST /haip/stream`
 * whose request body carries the client's frames and whose response body carries the
 * server's, both as NDJSON (one JSON object per line). Needs a fetch that streams request
 * bodies (`duplex: "half"`): Node 18+ has one; browsers only over HTTP/2.
 */
import { bearer, httpEndpoint, type Transport, type TransportOptions } from "./transport.js"

/** HAIP over one duplex HTTP request with NDJSON both ways. */
export class HttpStreamingTransport implements Transport {
  readonly supportsBinary = false
  readonly #options: TransportOptions
  readonly #abort = new AbortController()
  readonly #encoder = new TextEncoder()
  #sink: ReadableStreamDefaultController<Uint8Array> | undefined
  #closed = false

  constructor(options: TransportOptions) {
    this.#options = options
  }

  async open(): Promise<void> {
    const { url, token, headers, handlers } = this.#options
    const endpoint = httpEndpoint(url, "stream")
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#sink = controller
      },
    })
    const requestHeaders: Record<string, string> = {
      "content-type": "application/x-ndjson",
      accept: "application/x-ndjson",
      ...headers,
    }
    if (token) requestHeaders.authorization = bearer(token)
    // The server may answer only after the client's first frame, so frames may be written
    // before the response arrives: `open` resolves once the request is under way.
    const response = fetch(endpoint, {
      method: "POST",
      body,
      headers: requestHeaders,
      signal: this.#abort.signal,
      duplex: "half",
    } as RequestInit)
    response.then(
      (result) => this.#read(result),
      (error: unknown) =>
        this.#finish(1006, "request failed", toError(error, `Could not reach ${endpoint.origin}.`)),
    )
    void handlers
  }

  async #read(response: Response): Promise<void> {
    if (!response.ok || !response.body) {
      const code = response.status === 401 || response.status === 403 ? 1008 : 1006
      this.#finish(
        code,
        `HTTP ${response.status}`,
        new Error(`The server answered HTTP ${response.status} to the HAIP stream.`),
      )
      return
    }
    const reader = response.body.getReader()
    const decoder = new TextDecoder()
    let buffer = ""
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        let newline = buffer.indexOf("\n")
        while (newline !== -1) {
          const line = buffer.slice(0, newline).trim()
          buffer = buffer.slice(newline + 1)
          if (line !== "") this.#options.handlers.onText(line)
          newline = buffer.indexOf("\n")
        }
      }
      if (buffer.trim() !== "") this.#options.handlers.onText(buffer.trim())
      this.#finish(1000, "stream ended")
    } catch (error) {
      this.#finish(1006, "stream broke", toError(error, "The HAIP stream broke."))
    }
  }

  send(text: string): void {
    if (this.#closed || !this.#sink) return
    this.#sink.enqueue(this.#encoder.encode(`${text}\n`))
  }

  sendBinary(): void {
    throw new Error("HTTP streaming carries no binary frames; send the data base64-encoded.")
  }

  close(code = 1000, reason = "closed by the client"): void {
    this.#finish(code, reason)
  }

  #finish(code: number, reason: string, error?: Error): void {
    if (this.#closed) return
    this.#closed = true
    try {
      this.#sink?.close()
    } catch {
      // already closed
    }
    this.#abort.abort()
    const info = error ? { code, reason, error } : { code, reason }
    this.#options.handlers.onClose(info)
  }
}

export function toError(error: unknown, fallback: string): Error {
  if (error instanceof Error) return error
  return new Error(typeof error === "string" ? error : fallback)
}
