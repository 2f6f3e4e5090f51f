/**
 * The files a user sends, as the optimistic user item shows them: each gets an id and a URL
 * the browser can show at once (its data URL, its own URL, or a `blob:` URL of its bytes).
 */
import { type Attachment, type AttachmentToSend, ChatError } from "@aichatkit/types"

/** The size of a file to send in bytes, when its bytes are here. */
export function outgoingSize(attachment: AttachmentToSend): number | undefined {
  if (!("data" in attachment)) return undefined
  const { data } = attachment
  if (typeof data === "string") return undefined
  if (data instanceof ArrayBuffer) return data.byteLength
  return data.size
}

function localUrl(attachment: AttachmentToSend): string {
  if ("url" in attachment) return attachment.url
  const { data } = attachment
  if (typeof data === "string") return data
  const blob = data instanceof ArrayBuffer ? new Blob([data], { type: attachment.mediaType }) : data
  return typeof URL.createObjectURL === "function" ? URL.createObjectURL(blob) : ""
}

/** Refuses a list that is not one: a wrong shape must not reach the wire half-sent. */
export function checkOutgoing(attachments: readonly AttachmentToSend[]): void {
  for (const attachment of attachments) {
    const valid =
      typeof attachment === "object" &&
      attachment !== null &&
      typeof attachment.name === "string" &&
      typeof attachment.mediaType === "string" &&
      (("data" in attachment && attachment.data !== undefined) ||
        ("url" in attachment && typeof attachment.url === "string"))
    if (!valid) {
      throw new ChatError(
        "INVALID_INPUT",
        "An attachment needs a name, a mediaType and its data or url.",
      )
    }
  }
}

/** The attachments of the optimistic user item, ids made by `createId`. */
export function localAttachments(
  attachments: readonly AttachmentToSend[],
  createId: () => string,
): Attachment[] {
  return attachments.map((attachment) => {
    const size = outgoingSize(attachment)
    return {
      id: `local-${createId()}`,
      name: attachment.name,
      mediaType: attachment.mediaType,
      url: localUrl(attachment),
      ...(size === undefined ? {} : { size }),
    }
  })
}
