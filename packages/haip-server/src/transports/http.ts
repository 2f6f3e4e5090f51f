/**
 * HAIP over HTTP: NDJSON both ways on one `POST` (`/haip/stream`), and SSE server → client
 * (`GET /haip/sse`) with the client's frames `POST`ed to `/haip/messages?session=<id>`.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { StringDecoder } from "node:string_decoder"
import type { Connection } from "./connection.js"

/** NDJSON lines on a streaming HTTP response. */
export class NdjsonConnection implements Connection {
  readonly transport = "http-streaming"
  constructor(private readonly response: ServerResponse) {
    response.writeHead(200, {
      "Content-Type": "application/x-ndjson",
      "Cache-Control": "no-cache",
      "X-Accel-Buffering": "no",
    })
    response.flushHeaders()
  }

  send(text: string): void {
    if (!this.response.writableEnded) this.response.write(`${text}\n`)
  }

  close(): void {
    if (!this.response.writableEnded) this.response.end()
  }

  bufferedBytes(): number {
    return this.response.writableLength
  }

  pauseReading(): void {
    this.response.req.pause()
  }

  resumeReading(): void {
    this.response.req.resume()
  }

  terminate(): void {
    this.response.destroy()
  }
}

/** Server-sent events: `id: <seq>` and `data: <frame JSON>` per frame. */
export class SseConnection implements Connection {
  readonly transport = "sse"
  constructor(private readonly response: ServerResponse) {
    response.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    })
    response.flushHeaders()
  }

  send(text: string, seq: string): void {
    if (!this.response.writableEnded) this.response.write(`id: ${seq}\ndata: ${text}\n\n`)
  }

  close(): void {
    if (!this.response.writableEnded) this.response.end()
  }

  bufferedBytes(): number {
    return this.response.writableLength
  }

  terminate(): void {
    this.response.destroy()
  }
}

/**
 * Calls `onLine` for each line of a request body as it arrives. A line longer than `maxLineBytes`
 * calls `onTooLong` and stops reading.
 */
export function readLines(
  request: IncomingMessage,
  maxLineBytes: number,
  onLine: (line: string) => void,
  onTooLong: () => void,
): void {
  const decoder = new StringDecoder("utf8")
  let buffer = ""
  let stopped = false
  request.on("data", (chunk: Buffer) => {
    if (stopped) return
    buffer += decoder.write(chunk)
    let newline = buffer.indexOf("\n")
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim()
      buffer = buffer.slice(newline + 1)
      if (line !== "") onLine(line)
      newline = buffer.indexOf("\n")
    }
    if (buffer.length > maxLineBytes) {
      stopped = true
      onTooLong()
    }
  })
  request.on("end", () => {
    if (stopped) return
    const last = (buffer + decoder.end()).trim()
    if (last !== "") onLine(last)
  })
}

/** Reads a whole request body up to `limit` bytes; undefined when it is larger. */
export async function readBody(
  request: IncomingMessage,
  limit: number,
): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > limit) return undefined
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString("utf8")
}

/** Writes a JSON response. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" })
  response.end(JSON.stringify(body))
}
