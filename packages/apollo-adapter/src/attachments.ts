/**
 * Files over GraphQL: the wire carries links, so each file goes through the app's `upload`
 * (sizes checked first) and the turn's `continueChat` variables get the resulting attachments.
 */
import { prepareAttachments, type SendMessageOptions } from "@aichatkit/network-adapter"
import { type Attachment, type AttachmentToSend, ChatError } from "@aichatkit/types"
import type { ApolloAdapterOptions } from "./types.js"

/** The files as attachments with the URLs `upload` gave, or a clear refusal without it. */
export function uploadAttachments(
  files: readonly AttachmentToSend[],
  options: Pick<ApolloAdapterOptions, "upload" | "maxAttachmentBytes">,
  turn: Pick<SendMessageOptions, "signal" | "onUploadProgress"> = {},
): Promise<Attachment[]> {
  const { upload, maxAttachmentBytes } = options
  if (!upload) {
    throw new ChatError(
      "INVALID_INPUT",
      "ApolloAdapter sends files only through an upload function (the upload option).",
    )
  }
  return prepareAttachments(files, {
    upload,
    signal: turn.signal,
    onProgress: turn.onUploadProgress,
    ...(maxAttachmentBytes === undefined ? {} : { maxBytes: maxAttachmentBytes }),
  })
}
