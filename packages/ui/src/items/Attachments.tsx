import { type Attachment, formatBytes } from "@aichatkit/types"
import { useMemo, useState } from "react"
import { cx } from "../class-names.js"
import { type AttachmentLabels, defaultAttachmentLabels, fill } from "./attachment-labels.js"
import { inlineImageUrl, type ResolveAttachmentUrl, shownAttachmentUrl } from "./attachment-url.js"

/** Props of {@link Attachments}. */
export interface AttachmentsProps {
  /** The message's files, in order. */
  attachments: readonly Attachment[]
  /** The app's hook for signed URLs; its answer passes the same safety check as the stored URL. */
  resolveAttachmentUrl?: ResolveAttachmentUrl | undefined
  /** Strings to replace. */
  labels?: Partial<AttachmentLabels> | undefined
  /** The upload percent of files being sent, by attachment id: each shows a progress bar. */
  uploads?: Readonly<Record<string, number>> | undefined
  /** Extra class names for the list. */
  className?: string
}

function FileChip({
  attachment,
  url,
  text,
}: {
  attachment: Attachment
  url?: string | undefined
  text: AttachmentLabels
}) {
  const size = attachment.size === undefined ? undefined : formatBytes(attachment.size)
  const body = (
    <>
      <span className="aichatkit-attachment-name">{attachment.name}</span>
      {size === undefined ? null : <span className="aichatkit-attachment-size">{size}</span>}
    </>
  )
  // A data: URL here is an image's (the safety check allows no other); any other file opens
  // in a new tab or downloads, never in this page.
  return url === undefined ? (
    <span className="aichatkit-attachment-file aichatkit-attachment-file--unavailable">
      {body}
      <span className="aichatkit-attachment-size">{text.attachmentUnavailable}</span>
    </span>
  ) : (
    <a
      className="aichatkit-attachment-file"
      href={url}
      download={attachment.name}
      target="_blank"
      rel="noopener noreferrer"
    >
      {body}
    </a>
  )
}

/**
 * A file's upload as a native progress bar (role progressbar, its value in percent). It is no
 * live region: a screen reader says the value when the user reaches it, not every percent.
 */
function UploadBar({
  name,
  percent,
  text,
}: {
  name: string
  percent: number
  text: AttachmentLabels
}) {
  return (
    <progress
      className="aichatkit-attachment-progress"
      max={100}
      value={percent}
      aria-label={fill(text.uploadingAttachment, { name })}
    />
  )
}

/** The large view of an image: a modal dialog (focus moves to its Close button), closed by it or Escape. */
function Lightbox({
  attachment,
  url,
  text,
  onClose,
}: {
  attachment: Attachment
  url: string
  text: AttachmentLabels
  onClose: () => void
}) {
  return (
    <dialog
      ref={(element) => {
        if (element && !element.open) {
          if (typeof element.showModal === "function") element.showModal()
          else element.setAttribute("open", "")
        }
      }}
      className="aichatkit-lightbox"
      aria-label={attachment.name}
      onClose={onClose}
      onCancel={onClose}
    >
      <img className="aichatkit-lightbox-image" src={url} alt={attachment.name} />
      <button type="button" className="aichatkit-button aichatkit-lightbox-close" onClick={onClose}>
        {text.closeImage}
      </button>
    </dialog>
  )
}

/**
 * A message's files: images inline (lazily loaded in a box of fixed size, so the list does
 * not jump, opening large in a lightbox), other files as download chips with name and size.
 * Only `blob:`, `data:` images and `http(s)` URLs render; SVG goes through `<img>` (scripts
 * in it never run); names are text.
 */
export function Attachments({
  attachments,
  resolveAttachmentUrl,
  labels,
  uploads,
  className,
}: AttachmentsProps) {
  const text = useMemo(() => ({ ...defaultAttachmentLabels, ...labels }), [labels])
  const [open, setOpen] = useState<{ attachment: Attachment; url: string }>()
  if (attachments.length === 0) return null
  return (
    <ul className={cx("aichatkit-attachments", className)} aria-label={text.attachmentList}>
      {attachments.map((attachment, index) => {
        const url = shownAttachmentUrl(attachment, resolveAttachmentUrl)
        const imageUrl = inlineImageUrl(attachment, url)
        const percent =
          uploads !== undefined && Object.hasOwn(uploads, attachment.id)
            ? uploads[attachment.id]
            : undefined
        return (
          // By position: a server's copy of the message names its files anew (HAIP's `<id>-<n>`),
          // and a key by id would rebuild the image the user already sees loaded.
          // biome-ignore lint/suspicious/noArrayIndexKey: a message's files keep their order.
          <li key={index} className="aichatkit-attachment">
            {imageUrl !== undefined ? (
              <button
                type="button"
                className="aichatkit-attachment-image"
                aria-label={fill(text.openImage, { name: attachment.name })}
                onClick={() => setOpen({ attachment, url: imageUrl })}
              >
                <img
                  src={imageUrl}
                  alt={attachment.name}
                  loading="lazy"
                  decoding="async"
                  width={240}
                  height={180}
                />
              </button>
            ) : (
              <FileChip attachment={attachment} url={url} text={text} />
            )}
            {percent === undefined ? null : (
              <UploadBar name={attachment.name} percent={percent} text={text} />
            )}
          </li>
        )
      })}
      {open ? (
        <Lightbox
          attachment={open.attachment}
          url={open.url}
          text={text}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
    </ul>
  )
}
Attachments.displayName = "Attachments"

export default Attachments
