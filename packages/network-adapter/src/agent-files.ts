/**
 * Files an agent sends, checked where they come off the wire: every adapter keeps the ones the
 * chat may hold and reports the others, so a hostile or broken server never gets a script URL
 * or a page-sized payload into the conversation.
 */
import {
  type Attachment,
  attachmentProblem,
  type ChatResponseItem,
  MAX_ATTACHMENT_BYTES,
} from "@aichatkit/types"

/** Schemes that run code when a link is followed: never kept, whatever the media type says. */
const scriptSchemes = /^\s*(?:javascript|vbscript|file):/i
/**
 * A media type as RFC 6838 spells it (`image/png`, `application/vnd.ms-excel`), or `image/*`
 * for an image whose exact type the wire did not say.
 */
const mediaTypePattern =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/(?:\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})$/i
/** Base64 (standard alphabet, padding optional). */
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/
/** Longest file name kept as it is; longer ones are cut (a name is shown, not stored). */
const MAX_NAME_LENGTH = 255

/** A file as a wire describes it, before it is checked. */
export interface ReceivedFile {
  name?: unknown
  mediaType?: unknown
  size?: unknown
  /** Where the file is. */
  url?: unknown
  /** Or its bytes, base64 (wires that carry files inline). */
  data?: unknown
}

/** A file name's extension from a media type (`image/png` → `png`), for unnamed files. */
export function extensionOf(mediaType: string): string {
  const subtype = mediaType.split("/")[1]?.split(/[;+]/)[0] ?? ""
  return /^[a-z0-9.-]{1,10}$/i.test(subtype) ? subtype : "bin"
}

/** The decoded size of a `data:` URL's payload, from its length (no decoding). */
function dataUrlBytes(url: string): number {
  const comma = url.indexOf(",")
  const payload = url.length - comma - 1
  return url.slice(0, comma).toLowerCase().endsWith(";base64")
    ? Math.floor((payload * 3) / 4)
    : payload
}

/**
 * Why an agent's file URL is not kept, or `undefined` when it is: script schemes never, `data:`
 * only for images (a `data:text/html` link would open the sender's page as the user's) and up
 * to `maxBytes`. Any other URL is kept: `http(s)`, or a reference the app's
 * `resolveAttachmentUrl` turns into one (the UI renders nothing else).
 */
export function agentFileUrlProblem(
  url: string,
  maxBytes = MAX_ATTACHMENT_BYTES,
): string | undefined {
  if (scriptSchemes.test(url)) return "its URL runs a script"
  if (!/^\s*data:/i.test(url)) return undefined
  if (!/^\s*data:image\//i.test(url) || url.indexOf(",") < 0) {
    return "its data: URL is not an image (only images may come inline)"
  }
  const bytes = dataUrlBytes(url)
  if (bytes > maxBytes) return `it is ${bytes} bytes, over the ${maxBytes} byte limit`
  return undefined
}

/**
 * One file an agent sent, as an attachment, or why it was refused: its media type must be
 * one, its URL pass {@link agentFileUrlProblem}, and inline bytes (`data`) be base64 within
 * `maxBytes` (they become a `data:` URL, so they follow the same rule). The name is text.
 */
export function receivedAttachment(
  id: string,
  file: ReceivedFile,
  maxBytes = MAX_ATTACHMENT_BYTES,
): Attachment | { problem: string } {
  const { mediaType, data } = file
  if (typeof mediaType !== "string" || !mediaTypePattern.test(mediaType)) {
    return { problem: "it has no media type" }
  }
  let url = file.url
  if (data !== undefined) {
    if (typeof data !== "string" || !base64Pattern.test(data)) {
      return { problem: "its data is not base64" }
    }
    if (Math.floor((data.length * 3) / 4) > maxBytes) {
      return {
        problem: `it is ${Math.floor((data.length * 3) / 4)} bytes, over the ${maxBytes} byte limit`,
      }
    }
    url = `data:${mediaType};base64,${data}`
  }
  if (typeof url !== "string" || url.trim() === "") return { problem: "it has no URL and no data" }
  const urlProblem = agentFileUrlProblem(url, maxBytes)
  if (urlProblem !== undefined) return { problem: urlProblem }
  const name =
    typeof file.name === "string" && file.name.trim() !== ""
      ? file.name.slice(0, MAX_NAME_LENGTH)
      : `file.${extensionOf(mediaType)}`
  const attachment: Attachment = { id, name, mediaType, url }
  if (typeof file.size === "number" && Number.isFinite(file.size) && file.size >= 0) {
    attachment.size = file.size
  }
  return attachment
}

/**
 * An agent's item with only the files the chat may hold (see {@link agentFileUrlProblem}),
 * and a sentence for each file left out. Items without files come back as they are.
 */
export function keepAgentFiles(
  item: ChatResponseItem,
  maxBytes = MAX_ATTACHMENT_BYTES,
): { item: ChatResponseItem; problems: string[] } {
  if (item.type !== "message" || item.attachments === undefined) return { item, problems: [] }
  const problems: string[] = []
  const kept = item.attachments.filter((attachment) => {
    const problem = attachmentProblem(attachment) ?? agentFileUrlProblem(attachment.url, maxBytes)
    if (problem === undefined) return true
    problems.push(`The agent's file "${String(attachment.name)}" was left out: ${problem}.`)
    return false
  })
  if (problems.length === 0) return { item, problems }
  const { attachments: _dropped, ...rest } = item
  return { item: kept.length > 0 ? { ...rest, attachments: kept } : rest, problems }
}
