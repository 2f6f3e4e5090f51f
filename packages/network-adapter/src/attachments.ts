/**
 * Files to send, made ready for a wire that carries them inline: each one's bytes as a
 * `data:` URL (or its own URL), checked against a size limit before anything is read, so a
 * 2 GB file fails at once with a clear error instead of filling the tab's memory.
 */
import {
  type Attachment,
  type AttachmentToSend,
  ChatError,
  createId,
  formatBytes,
  MAX_ATTACHMENT_BYTES,
} from "@aichatkit/types"

/** How much of one file of a message has been uploaded (`SendMessageOptions.onUploadProgress`). */
export interface UploadProgress {
  /** Which file: its index in `sendMessage`'s `attachments`. */
  index: number
  /** Bytes uploaded so far. */
  loaded: number
  /** Bytes to upload in all. */
  total: number
}

/** What an app's upload function is handed besides the file. */
export interface UploadContext {
  /** Aborted when the turn is cancelled: stop the upload. */
  signal?: AbortSignal | undefined
  /** Report progress here (e.g. from `XMLHttpRequest.upload`'s progress events); optional. */
  onProgress: (loaded: number, total: number) => void
}

/**
 * An app's upload: sends a file to its own storage and resolves with its URL (e.g. a signed
 * URL), for wires that carry links instead of bytes. A function that takes only the file works.
 */
export type UploadFunction = (file: AttachmentToSend, context: UploadContext) => Promise<string>

/** Options of {@link prepareAttachments}. */
export interface PrepareAttachmentsOptions {
  /** The largest file in bytes (default `MAX_ATTACHMENT_BYTES`, 20 MB). */
  maxBytes?: number
  /** Uploads each file with bytes; without it the bytes go inline as a data URL. */
  upload?: UploadFunction | undefined
  /** Handed to `upload`: aborted when the turn is cancelled. */
  signal?: AbortSignal | undefined
  /** Receives what `upload` reports, by file index; the end of each upload is reported too. */
  onProgress?: ((progress: UploadProgress) => void) | undefined
}

/** The size of a file's bytes when they are here (a data URL's decoded length, estimated). */
export function attachmentSize(file: AttachmentToSend): number | undefined {
  if (!("data" in file)) return undefined
  const { data } = file
  if (typeof data === "string") {
    const comma = data.indexOf(",")
    return comma < 0 ? data.length : Math.floor(((data.length - comma - 1) * 3) / 4)
  }
  if (data instanceof ArrayBuffer) return data.byteLength
  return data.size
}

/** Base64 of bytes, a chunk at a time (one `String.fromCharCode` call over megabytes overflows the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ""
  const chunk = 0x8000
  for (let start = 0; start < bytes.length; start += chunk) {
    binary += String.fromCharCode(...bytes.subarray(start, start + chunk))
  }
  return btoa(binary)
}

/** A file's bytes, read. */
export async function attachmentBytes(file: AttachmentToSend): Promise<Uint8Array> {
  if (!("data" in file)) {
    throw new ChatError("INVALID_INPUT", `"${file.name}" is a link; it has no bytes to send.`)
  }
  const { data } = file
  if (typeof data === "string") {
    const comma = data.indexOf(",")
    const payload = data.slice(comma + 1)
    if (!data.startsWith("data:") || comma < 0 || !data.slice(0, comma).endsWith(";base64")) {
      return new TextEncoder().encode(decodeURIComponent(payload))
    }
    return Uint8Array.from(atob(payload), (character) => character.charCodeAt(0))
  }
  return new Uint8Array(data instanceof ArrayBuffer ? data : await data.arrayBuffer())
}

function checkSize(file: AttachmentToSend, maxBytes: number): number | undefined {
  const size = attachmentSize(file)
  if (size !== undefined && size > maxBytes) {
    throw new ChatError(
      "PAYLOAD_TOO_LARGE",
      `"${file.name}" is ${formatBytes(size)}; files up to ${formatBytes(maxBytes)} can be sent.`,
      { retryable: false },
    )
  }
  return size
}

/**
 * The app's upload, its failure made clear: a `ChatError` it throws stays as it is; one
 * stopped by the turn's cancel is CANCELLED; anything else (a dropped connection, a refused
 * request) is CONNECTION_FAILED naming the file, which the user may retry.
 */
async function upload(
  file: AttachmentToSend,
  send: UploadFunction,
  context: UploadContext,
): Promise<string> {
  let url: unknown
  try {
    url = await send(file, context)
  } catch (error) {
    if (error instanceof ChatError) throw error
    // The turn was cancelled and the app's upload stopped on its signal: not a failure.
    if (context.signal?.aborted) {
      throw new ChatError("CANCELLED", `The upload of "${file.name}" was cancelled.`, {
        cause: error,
      })
    }
    const reason = error instanceof Error ? error.message : String(error)
    throw new ChatError("CONNECTION_FAILED", `"${file.name}" could not be uploaded: ${reason}`, {
      retryable: true,
      cause: error,
    })
  }
  if (typeof url !== "string" || url === "") {
    throw new ChatError("INVALID_INPUT", `The upload of "${file.name}" gave no URL.`)
  }
  return url
}

async function toUrl(
  file: AttachmentToSend,
  index: number,
  options: PrepareAttachmentsOptions,
): Promise<string> {
  if ("url" in file) return file.url
  if (options.upload) {
    const report = options.onProgress
    const onProgress = (loaded: number, total: number) => {
      // An app's numbers: only finite, non-negative ones of a known total reach the UI.
      if (!report || !(total > 0) || !(loaded >= 0) || !Number.isFinite(total)) return
      report({ index, loaded: Math.min(loaded, total), total })
    }
    const url = await upload(file, options.upload, { signal: options.signal, onProgress })
    const size = attachmentSize(file)
    // Done, whether or not the app reported progress: a bar that was shown ends full.
    if (size !== undefined) onProgress(size, size)
    return url
  }
  if (typeof file.data === "string" && file.data.startsWith("data:")) return file.data
  return `data:${file.mediaType};base64,${bytesToBase64(await attachmentBytes(file))}`
}

/**
 * The files as attachments with URLs a server can fetch or decode: every size is checked
 * first (PAYLOAD_TOO_LARGE names the file), then each is uploaded (its progress reported by
 * index) or inlined.
 */
export async function prepareAttachments(
  files: readonly AttachmentToSend[],
  options: PrepareAttachmentsOptions = {},
): Promise<Attachment[]> {
  const maxBytes = options.maxBytes ?? MAX_ATTACHMENT_BYTES
  const sizes = files.map((file) => checkSize(file, maxBytes))
  return Promise.all(
    files.map(async (file, index) => {
      const size = sizes[index]
      return {
        id: createId(),
        name: file.name,
        mediaType: file.mediaType,
        url: await toUrl(file, index, options),
        ...(size === undefined ? {} : { size }),
      }
    }),
  )
}
