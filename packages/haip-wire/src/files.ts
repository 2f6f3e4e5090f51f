/**
 * A file in a HAIP payload, the same both ways: the user's `MESSAGE` `{ text, attachments }`
 * and the agent's `MESSAGE_START` / `MESSAGE` `attachments`. Its bytes go base64 in `data`
 * (neither our server nor our client sends files as binary frames: the one peer that
 * announces those, the reference's generation, takes no files), or a link in `url`.
 */

/** One file in a HAIP payload. */
export interface HAIPFile {
  name: string
  mime: string
  size?: number
  /** The bytes, base64 (a file sent inline). */
  data?: string
  /** Where the file is (a link, or a file the app uploaded). */
  url?: string
}

/** A file held as a URL (an aichatkit `Attachment`), as a payload carries it: a base64 data URL's bytes as `data`, else its `url`. */
export function toHAIPFile(file: {
  name: string
  mediaType: string
  size?: number | undefined
  url: string
}): HAIPFile {
  const { name, mediaType: mime, size, url } = file
  const sized = size === undefined ? { name, mime } : { name, mime, size }
  const comma = url.indexOf(",")
  if (url.startsWith("data:") && comma > 0 && url.slice(0, comma).endsWith(";base64")) {
    return { ...sized, data: url.slice(comma + 1) }
  }
  return { ...sized, url }
}
