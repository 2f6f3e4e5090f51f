/**
 * Files and images on messages: the shape a message item carries, the shape `sendMessage`
 * takes, their wire check, and the one rule for which URLs may render.
 */

/** A file or image on a message, as the conversation holds it. */
export interface Attachment {
  id: string
  /** The file's name, shown as text (never as markup). */
  name: string
  /** Its media type, e.g. `image/png` or `application/pdf`. */
  mediaType: string
  /** Its size in bytes, when known. */
  size?: number
  /**
   * Where it is: a `data:`, `blob:` or `http(s)` URL. Anything else renders only after the
   * app's `resolveAttachmentUrl` turns it into one of those (e.g. a signed URL).
   */
  url: string
}

/** A file to send with a message: its bytes (a Blob, an ArrayBuffer or a data URL) or a URL. */
export type AttachmentToSend =
  | { name: string; mediaType: string; data: Blob | ArrayBuffer | string }
  | { name: string; mediaType: string; url: string }

/** The largest file a message may carry by default (bytes): 20 MB, the common model limit. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** Why `value` is not a valid {@link Attachment}, or `undefined` when it is one. */
export function attachmentProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return "an attachment is not an object"
  if (typeof value.id !== "string" || value.id === "") return "an attachment's id is not a string"
  if (typeof value.name !== "string") return "an attachment's name is not a string"
  if (typeof value.mediaType !== "string") return "an attachment's mediaType is not a string"
  if (typeof value.url !== "string") return "an attachment's url is not a string"
  if (
    value.size !== undefined &&
    (typeof value.size !== "number" || !Number.isFinite(value.size) || value.size < 0)
  ) {
    return "an attachment's size is not a number of bytes"
  }
  return undefined
}

/** Why a message's `attachments` field does not fit, or `undefined` when it does (or is absent). */
export function attachmentsProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) return "attachments is not an array"
  for (const attachment of value) {
    const problem = attachmentProblem(attachment)
    if (problem !== undefined) return problem
  }
  return undefined
}

/**
 * Whether a URL may be shown or offered for download: `blob:`, `http(s):`, and `data:` only
 * for images (a `data:text/html` link would run the sender's page in the user's browser).
 */
export function isRenderableAttachmentUrl(url: string): boolean {
  const trimmed = url.trim().toLowerCase()
  if (trimmed.startsWith("blob:")) return true
  if (trimmed.startsWith("https://") || trimmed.startsWith("http://")) return true
  return trimmed.startsWith("data:image/")
}

/** Whether an attachment is an image the UI shows inline (by its media type). */
export function isImageAttachment(attachment: Pick<Attachment, "mediaType">): boolean {
  return attachment.mediaType.toLowerCase().startsWith("image/")
}
