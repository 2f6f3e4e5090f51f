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
  MAX_ATTACHMENT_BYTES,
} from "@aichatkit/types"

/** Options of {@link prepareAttachments}. */
export interface PrepareAttachmentsOptions {
  /** The largest file in bytes (default `MAX_ATTACHMENT_BYTES`, 20 MB). */
  maxBytes?: number
  /**
   * Uploads a file and resolves with its URL (the app's own storage, e.g. a signed URL), for
   * wires that carry links instead of bytes. Without it the bytes go inline as a data URL.
   */
  upload?: (file: AttachmentToSend) => Promise<string>
}

/** Bytes as a readable size: `2.0 GB`, `512 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ["KB", "MB", "GB", "TB"]
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
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
 * The app's upload, its failure made clear: a `ChatError` it throws stays as it is; anything
 * else (a dropped connection, a refused request) is CONNECTION_FAILED naming the file, which
 * the user may retry.
 */
async function upload(
  file: AttachmentToSend,
  send: NonNullable<PrepareAttachmentsOptions["upload"]>,
): Promise<string> {
  let url: unknown
  try {
    url = await send(file)
  } catch (error) {
    if (error instanceof ChatError) throw error
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

async function toUrl(file: AttachmentToSend, options: PrepareAttachmentsOptions): Promise<string> {
  if ("url" in file) return file.url
  if (options.upload) return upload(file, options.upload)
  if (typeof file.data === "string" && file.data.startsWith("data:")) return file.data
  return `data:${file.mediaType};base64,${bytesToBase64(await attachmentBytes(file))}`
}

/**
 * The files as attachments with URLs a server can fetch or decode: every size is checked
 * first (PAYLOAD_TOO_LARGE names the file), then each is uploaded or inlined.
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
        url: await toUrl(file, options),
        ...(size === undefined ? {} : { size }),
      }
    }),
  )
}
