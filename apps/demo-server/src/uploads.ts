/**
 * A small file store, so the playground can send files over wires that carry links, not bytes
 * (Haira): `POST /uploads?name=…` with the bytes as the body answers `{ url }`; `GET` of that
 * URL serves them back. In memory, the latest 100 files, each up to 10 MB: a demo, not storage.
 */

import { randomUUID } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { WireEndpoint } from "./endpoint.js"

/** The largest upload accepted, in bytes. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
const KEPT_FILES = 100

interface StoredFile {
  name: string
  mediaType: string
  bytes: Buffer
}

function answer(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, { "Content-Type": "application/json" })
  response.end(JSON.stringify(body))
  return true
}

/** The body, or undefined once it passed the limit (the rest is not read). */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(request.headers["content-length"] ?? 0)
  if (declared > MAX_UPLOAD_BYTES) return undefined
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_UPLOAD_BYTES) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** The uploads endpoint: the URLs it answers name the host the upload was sent to. */
export function createUploadsEndpoint(): WireEndpoint {
  const files = new Map<string, StoredFile>()

  async function store(request: IncomingMessage, response: ServerResponse, url: URL) {
    const name = url.searchParams.get("name") ?? "file"
    const mediaType = String(request.headers["content-type"] ?? "application/octet-stream")
    const bytes = await readBody(request)
    if (bytes === undefined) {
      // Connection: close, so the client stops sending the rest of a huge body.
      response.setHeader("Connection", "close")
      return answer(response, 413, {
        error: `"${name}" is over 10 MB; the demo server keeps files up to 10 MB.`,
      })
    }
    const id = randomUUID()
    files.set(id, { name, mediaType, bytes })
    if (files.size > KEPT_FILES) files.delete(files.keys().next().value as string)
    const host = request.headers.host ?? "127.0.0.1"
    return answer(response, 201, { url: `http://${host}/uploads/${id}` })
  }

  function serve(response: ServerResponse, id: string): true {
    const file = files.get(id)
    if (file === undefined) return answer(response, 404, { error: "No such file." })
    const image = file.mediaType.startsWith("image/")
    response.writeHead(200, {
      "Content-Type": file.mediaType,
      "Content-Length": file.bytes.length,
      // Served back as it came, never run: no sniffing, no scripts, other files downloaded.
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      ...(image
        ? {}
        : {
            "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          }),
    })
    response.end(file.bytes)
    return true
  }

  return {
    name: "uploads",
    paths: ["/uploads"],
    async handleRequest(request, response) {
      const url = new URL(request.url ?? "/", "http://localhost")
      if (request.method === "POST" && url.pathname === "/uploads") {
        return store(request, response, url)
      }
      const match = url.pathname.match(/^\/uploads\/([0-9a-f-]{36})$/)
      if (request.method === "GET" && match) return serve(response, match[1] as string)
      return false
    },
  }
}
