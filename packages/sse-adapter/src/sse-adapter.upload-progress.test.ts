/**
 * Upload progress over a real HTTP server on 127.0.0.1: the Haira dialect sends files through
 * the app's `upload`, which gets the turn's signal and a progress callback; what it reports
 * reaches `sendMessage`'s `onUploadProgress` up to the total. A connection dropped mid-upload
 * fails the turn with a clear error naming the file, and nothing reaches the chat endpoint.
 */
import { createServer, request as httpRequest, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import {
  attachmentBytes,
  type UploadFunction,
  type UploadProgress,
} from "@aichatkit/network-adapter"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"

let server: Server
let base: string
/** The chat requests the server received (their bodies). */
const chats: unknown[] = []
/** Bytes of the uploads the server kept. */
const stored = new Map<string, number>()

/** `POST /uploads?name=…` keeps the body (a `drop` name cuts the connection halfway); `POST /chat` answers Haira's end. */
async function handle(
  request: import("node:http").IncomingMessage,
  response: import("node:http").ServerResponse,
) {
  const url = new URL(request.url ?? "/", base)
  if (url.pathname === "/uploads") {
    const name = url.searchParams.get("name") ?? "file"
    const declared = Number(request.headers["content-length"])
    let received = 0
    for await (const chunk of request as AsyncIterable<Buffer>) {
      received += chunk.length
      // The network goes away in the middle of the upload.
      if (name.startsWith("drop") && received >= Math.min(declared / 2, 64 * 1024)) {
        return request.socket.destroy()
      }
    }
    stored.set(name, received)
    response.writeHead(201, { "Content-Type": "application/json" })
    return response.end(JSON.stringify({ url: `${base}/uploads/${encodeURIComponent(name)}` }))
  }
  let text = ""
  for await (const chunk of request) text += chunk
  chats.push(JSON.parse(text))
  response.writeHead(200, { "Content-Type": "text/event-stream" })
  response.end("data: [DONE]\n\n")
}

beforeAll(async () => {
  server = createServer((request, response) => void handle(request, response))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/**
 * An app's upload in Node: streams the bytes in 16 KB writes and reports each one flushed,
 * as a browser's `XMLHttpRequest.upload` progress events do.
 */
const uploadOverHttp: UploadFunction = async (file, { signal, onProgress }) => {
  const bytes = await attachmentBytes(file)
  return new Promise<string>((resolve, reject) => {
    const request = httpRequest(`${base}/uploads?name=${encodeURIComponent(file.name)}`, {
      method: "POST",
      headers: { "Content-Type": file.mediaType, "Content-Length": bytes.length },
      ...(signal ? { signal } : {}),
    })
    request.on("error", reject)
    request.on("response", async (response) => {
      let text = ""
      for await (const chunk of response) text += chunk
      if (response.statusCode === 201) resolve((JSON.parse(text) as { url: string }).url)
      else reject(new Error(`HTTP ${response.statusCode}`))
    })
    let sent = 0
    const writeMore = () => {
      while (sent < bytes.length) {
        const piece = bytes.subarray(sent, sent + 16 * 1024)
        sent += piece.length
        const flushed = sent
        const more = request.write(piece, () => onProgress(flushed, bytes.length))
        if (!more) return void request.once("drain", writeMore)
      }
      request.end()
    }
    writeMore()
  })
}

const file = (name: string, bytes = 512 * 1024) => ({
  name,
  mediaType: "application/octet-stream",
  data: new Uint8Array(bytes).fill(7).buffer,
})

describe("SSEAdapter (Haira) upload progress", () => {
  it("reports the upload's progress by file index up to its total, then sends the link", async () => {
    const adapter = new SSEAdapter({
      url: `${base}/chat`,
      dialect: "haira",
      upload: uploadOverHttp,
    })
    const agentId = await adapter.startChatAgent()
    const progress: UploadProgress[] = []
    await adapter.sendMessage(agentId, "Here", {
      attachments: [
        { name: "a.pdf", mediaType: "application/pdf", url: "https://x.example/a.pdf" },
        file("big.bin"),
      ],
      onUploadProgress: (report) => progress.push(report),
    })
    expect(stored.get("big.bin")).toBe(512 * 1024)
    expect(progress.length).toBeGreaterThan(2)
    expect(new Set(progress.map((report) => report.index))).toEqual(new Set([1]))
    const loaded = progress.map((report) => report.loaded)
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b))
    expect(progress.at(-1)).toEqual({ index: 1, loaded: 512 * 1024, total: 512 * 1024 })
    expect(chats.at(-1)).toMatchObject({
      message: "Here",
      attachments: [{ name: "a.pdf" }, { name: "big.bin", url: `${base}/uploads/big.bin` }],
    })
  })

  it("fails the turn with a clear, retryable error naming the file when the connection drops mid-upload", async () => {
    const adapter = new SSEAdapter({
      url: `${base}/chat`,
      dialect: "haira",
      upload: uploadOverHttp,
    })
    const agentId = await adapter.startChatAgent()
    const progress: UploadProgress[] = []
    const chatsBefore = chats.length
    const failure = await adapter
      .sendMessage(agentId, "Keep me", {
        // Larger than the socket buffers: the drop comes while bytes are still being written.
        attachments: [file("drop.bin", 8 * 1024 * 1024)],
        onUploadProgress: (report) => progress.push(report),
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    expect(failure).toMatchObject({
      code: "CONNECTION_FAILED",
      retryable: true,
      message: expect.stringMatching(/^"drop\.bin" could not be uploaded: /),
    })
    // It got somewhere before the drop, and never claimed to be done.
    expect(progress.at(-1)?.loaded ?? 0).toBeLessThan(8 * 1024 * 1024)
    expect(chats.length).toBe(chatsBefore)
    expect(await adapter.getConversationItems(agentId)).toEqual([])
  })

  it("hands the upload the turn's signal: a cancel stops the upload", async () => {
    const adapter = new SSEAdapter({
      url: `${base}/chat`,
      dialect: "haira",
      upload: uploadOverHttp,
    })
    const agentId = await adapter.startChatAgent()
    const abort = new AbortController()
    const sent = adapter.sendMessage(agentId, "Stop", {
      signal: abort.signal,
      attachments: [file("cancelled.bin")],
      onUploadProgress: () => abort.abort(),
    })
    await expect(sent).rejects.toMatchObject({ code: "CANCELLED" })
    expect(stored.has("cancelled.bin")).toBe(false)
  })
})
