/**
 * WebSocket transport: the browser's `WebSocket`, or the `ws` package in Node (Node 20 has
 * no global WebSocket). `ws` is loaded by a dynamic import whose specifier bundlers do not
 * follow, so browser builds never include it.
 */
import type { Transport, TransportOptions } from "./transport.js"

interface MinimalWebSocket {
  binaryType: string
  readyState: number
  send(data: string | ArrayBuffer): void
  close(code?: number, reason?: string): void
  addEventListener(type: string, listener: (event: never) => void): void
}

type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: Record<string, unknown>,
) => MinimalWebSocket

let nodeWebSocket: Promise<WebSocketConstructor> | undefined

function isNode(): boolean {
  const candidate = globalThis as { process?: { versions?: { node?: string } } }
  return typeof candidate.process?.versions?.node === "string"
}

async function webSocketConstructor(): Promise<{ ctor: WebSocketConstructor; node: boolean }> {
  if (isNode()) {
    nodeWebSocket ??= (async () => {
      const specifier = "ws"
      const module = (await import(/* @vite-ignore */ specifier)) as {
        default?: WebSocketConstructor
        WebSocket?: WebSocketConstructor
      }
      const ctor = module.WebSocket ?? module.default
      if (!ctor) throw new Error("The ws package has no WebSocket export.")
      return ctor
    })()
    return { ctor: await nodeWebSocket, node: true }
  }
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (!global) throw new Error("This environment has no WebSocket.")
  return { ctor: global, node: false }
}

/** HAIP over one WebSocket: one JSON object per text frame. */
export class WebSocketTransport implements Transport {
  readonly supportsBinary = true
  readonly #options: TransportOptions
  #socket: MinimalWebSocket | undefined
  #closedReported = false

  constructor(options: TransportOptions) {
    this.#options = options
  }

  async open(): Promise<void> {
    const { ctor, node } = await webSocketConstructor()
    const { url, headers, handlers } = this.#options
    const socket = node ? new ctor(url, undefined, { headers: headers ?? {} }) : new ctor(url)
    socket.binaryType = "arraybuffer"
    this.#socket = socket
    await new Promise<void>((resolve, reject) => {
      let opened = false
      socket.addEventListener("open", () => {
        opened = true
        resolve()
      })
      socket.addEventListener("error", (event: { message?: string; error?: Error }) => {
        if (!opened) reject(event.error ?? new Error(event.message ?? `Could not open ${url}.`))
      })
      socket.addEventListener("close", (event: { code: number; reason: string }) => {
        if (!opened) {
          reject(
            new Error(`The connection to ${url} closed before it opened (code ${event.code}).`),
          )
          return
        }
        if (this.#closedReported) return
        this.#closedReported = true
        handlers.onClose({ code: event.code, reason: String(event.reason ?? "") })
      })
      socket.addEventListener("message", (event: { data: unknown }) => {
        const { data } = event
        if (typeof data === "string") handlers.onText(data)
        else if (data instanceof ArrayBuffer) handlers.onBinary(data)
        else if (ArrayBuffer.isView(data)) {
          const view = data as ArrayBufferView
          handlers.onBinary(
            view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer,
          )
        }
      })
    })
  }

  send(text: string): void {
    if (this.#socket?.readyState === 1) this.#socket.send(text)
  }

  sendBinary(data: ArrayBuffer): void {
    if (this.#socket?.readyState === 1) this.#socket.send(data)
  }

  close(code = 1000, reason = "", options: { abort?: boolean } = {}): void {
    const socket = this.#socket
    if (!socket) return
    if (!this.#closedReported) {
      // Report at once: a dead peer would make a closing handshake wait for its timeout.
      this.#closedReported = true
      this.#options.handlers.onClose({ code, reason })
    }
    const terminate = (socket as { terminate?: () => void }).terminate
    if (options.abort && typeof terminate === "function") {
      terminate.call(socket)
      return
    }
    try {
      socket.close(code, reason)
    } catch {
      socket.close()
    }
  }
}
