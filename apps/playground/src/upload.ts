/**
 * The playground's upload to the demo server's `/uploads`: the `upload` function an app gives
 * an adapter whose wire carries links (Haira). It uses XMLHttpRequest, not fetch: only XHR
 * reports how much of a request body has been sent, which the message's files show as a bar.
 */
import type { UploadContext } from "@aichatkit/network-adapter"
import { type AttachmentToSend, ChatError } from "@aichatkit/types"

function refusal(request: XMLHttpRequest): ChatError {
  let reason = `HTTP ${request.status}`
  try {
    const answer = JSON.parse(request.responseText) as { error?: unknown }
    if (typeof answer.error === "string") reason = answer.error
  } catch {
    // Not the demo server's JSON: the status says enough.
  }
  return new ChatError(
    request.status === 413 ? "PAYLOAD_TOO_LARGE" : "SERVER_ERROR",
    `The file could not be uploaded: ${reason}`,
  )
}

function uploadedUrl(request: XMLHttpRequest): string | undefined {
  try {
    const answer = JSON.parse(request.responseText) as { url?: unknown }
    return typeof answer.url === "string" ? answer.url : undefined
  } catch {
    return undefined
  }
}

/** Uploads a file to the demo server and resolves with its URL, reporting the bytes sent. */
export async function uploadToDemoServer(
  serverUrl: string,
  file: AttachmentToSend,
  { signal, onProgress }: Partial<UploadContext> = {},
): Promise<string> {
  if ("url" in file) return file.url
  const body = typeof file.data === "string" ? await (await fetch(file.data)).blob() : file.data
  return new Promise<string>((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open("POST", `${serverUrl}/uploads?name=${encodeURIComponent(file.name)}`)
    request.setRequestHeader("Content-Type", file.mediaType || "application/octet-stream")
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total)
    }
    request.onload = () => {
      const url = request.status >= 200 && request.status < 300 ? uploadedUrl(request) : undefined
      if (url === undefined) reject(refusal(request))
      else resolve(url)
    }
    // The adapter names the file and makes this a retryable CONNECTION_FAILED.
    request.onerror = () => reject(new Error("the connection to the server dropped."))
    request.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"))
    if (signal?.aborted) return reject(new DOMException("The upload was cancelled.", "AbortError"))
    signal?.addEventListener("abort", () => request.abort(), { once: true })
    request.send(body)
  })
}
