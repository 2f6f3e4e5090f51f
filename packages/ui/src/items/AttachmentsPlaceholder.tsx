import type { Attachment } from "@aichatkit/types"
import { inlineImageUrl, type ResolveAttachmentUrl, shownAttachmentUrl } from "./attachment-url.js"

/** Props of {@link AttachmentsPlaceholder}. */
export interface AttachmentsPlaceholderProps {
  /** The message's files, in order. */
  attachments: readonly Attachment[]
  /** The app's hook for attachment URLs: it decides, as in the list, which files are images. */
  resolveAttachmentUrl?: ResolveAttachmentUrl | undefined
}

/**
 * The boxes of a message's files while their list's chunk loads: each image's frame at the
 * size the image will have, each other file a chip, so the message keeps its size when the
 * list arrives instead of growing under the reader. Empty and hidden from assistive
 * technology: the list itself says what the files are.
 */
export function AttachmentsPlaceholder({
  attachments,
  resolveAttachmentUrl,
}: AttachmentsPlaceholderProps) {
  return (
    <ul className="aichatkit-attachments aichatkit-attachments--loading" aria-hidden="true">
      {attachments.map((attachment, index) => {
        const url = shownAttachmentUrl(attachment, resolveAttachmentUrl)
        return (
          // By position, as the list keys them.
          // biome-ignore lint/suspicious/noArrayIndexKey: a message's files keep their order.
          <li key={index} className="aichatkit-attachment">
            {inlineImageUrl(attachment, url) === undefined ? (
              <span className="aichatkit-attachment-file">{"\u00a0"}</span>
            ) : (
              <span className="aichatkit-attachment-image">
                <span className="aichatkit-attachment-frame" />
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
AttachmentsPlaceholder.displayName = "AttachmentsPlaceholder"
