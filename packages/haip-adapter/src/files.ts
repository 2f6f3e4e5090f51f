/**
 * Files over HAIP: the user's MESSAGE payload becomes `{ text, attachments }`, each file's bytes
 * base64 in its `data` (the same rule as audio: our server announces no binary frames, and the
 * reference generation, the one peer that announces them, takes no files at all), or its `url`
 * when the app's `upload` made one. A reference-generation server gets no files: a clear error.
 */
import { prepareAttachments } from "@aichatkit/network-adapter"
import { type Attachment, type AttachmentToSend, ChatError } from "@aichatkit/types"
import type { HAIPAdapterOptions } from "./types.js"

/** One file in a HAIP MESSAGE payload. */
export interface HAIPFile {
  name: string
  mime: string
  size?: number
  /** The bytes, base64 (a file sent inline). */
  data?: string
  /** Where the file is (a file the app uploaded, or sent as a link). */
  url?: string
}

/** The files made ready (sizes checked, then inlined or uploaded), or a clear refusal. */
export async function prepareFiles(
  files: readonly AttachmentToSend[],
  options: Pick<HAIPAdapterOptions, "attachments" | "upload" | "maxAttachmentBytes">,
  generation: string | undefined,
): Promise<Attachment[]> {
  if (options.attachments !== true) {
    throw new ChatError(
      "INVALID_INPUT",
      "This HAIPAdapter sends no files; set its attachments option when the tool takes them.",
    )
  }
  if (generation === "reference") {
    throw new ChatError(
      "INVALID_INPUT",
      "This HAIP server (the reference's generation) takes no files; send the text alone.",
    )
  }
  return prepareAttachments(files, {
    ...(options.upload ? { upload: options.upload } : {}),
    ...(options.maxAttachmentBytes === undefined ? {} : { maxBytes: options.maxAttachmentBytes }),
  })
}

/** An attachment as the payload carries it: a data URL's bytes as base64 `data`, else its `url`. */
export function toHAIPFile(attachment: Attachment): HAIPFile {
  const { name, mediaType: mime, size, url } = attachment
  const sized = size === undefined ? { name, mime } : { name, mime, size }
  const comma = url.indexOf(",")
  if (url.startsWith("data:") && comma > 0 && url.slice(0, comma).endsWith(";base64")) {
    return { ...sized, data: url.slice(comma + 1) }
  }
  return { ...sized, url }
}
