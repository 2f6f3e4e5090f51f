/** Which URL a message's file shows under, shared by its list and the list's placeholder. */
import { type Attachment, isImageAttachment, isRenderableAttachmentUrl } from "@aichatkit/types"

/** Turns an attachment's stored URL into one the browser may load (e.g. a signed URL). */
export type ResolveAttachmentUrl = (attachment: Attachment) => string | undefined

/** The URL to show, or undefined when neither the hook's nor the stored one may render. */
export function shownAttachmentUrl(
  attachment: Attachment,
  resolve: ResolveAttachmentUrl | undefined,
): string | undefined {
  const url = resolve ? resolve(attachment) : attachment.url
  return typeof url === "string" && isRenderableAttachmentUrl(url) ? url : undefined
}

/** The URL the file shows under inline, as an image; undefined when it shows as a chip. */
export function inlineImageUrl(
  attachment: Attachment,
  url: string | undefined,
): string | undefined {
  return url !== undefined && isImageAttachment(attachment) ? url : undefined
}
