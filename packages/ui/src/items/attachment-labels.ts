/**
 * The strings of the attachment parts (on messages and in the composer), kept beside them so
 * the parts load lazily with their words. Every one can be replaced through `labels`.
 */

/** The strings of `Attachments`, `AttachmentPicker` and `AttachmentPreviews`. */
export interface AttachmentLabels {
  /** The accessible name of a message's list of files. */
  attachmentList: string
  /** The button on an image that opens it large (`{name}` is the file's name). */
  openImage: string
  /** The button that closes the large image. */
  closeImage: string
  /** Beside a file whose address cannot be shown (not https, blob or a data image). */
  attachmentUnavailable: string
  /** The composer's attach button. */
  attachFiles: string
  /** The accessible name of the files waiting to be sent. */
  pendingAttachments: string
  /** The button that removes a waiting file (`{name}` is the file's name). */
  removeAttachment: string
  /** Why a file was refused: its type (`{name}`, `{accept}`). */
  refusedType: string
  /** Why a file was refused: its size (`{name}`, `{size}`, `{max}`). */
  refusedSize: string
  /** Why a file was refused: too many (`{max}`). */
  refusedCount: string
  /** Shown over the composer while files are dragged over it. */
  dropFiles: string
  /** The progress bar of a file being uploaded (`{name}` is the file's name). */
  uploadingAttachment: string
}

/** The English defaults. */
export const defaultAttachmentLabels: AttachmentLabels = {
  attachmentList: "Attachments",
  openImage: "Open image {name}",
  closeImage: "Close",
  attachmentUnavailable: "(cannot be shown)",
  attachFiles: "Attach files",
  pendingAttachments: "Files to send",
  removeAttachment: "Remove {name}",
  refusedType: "{name} was not added: only {accept} can be sent.",
  refusedSize: "{name} was not added: it is {size}, and files up to {max} can be sent.",
  refusedCount: "Only {max} files can be sent with one message.",
  dropFiles: "Drop files to attach them",
  uploadingAttachment: "Uploading {name}",
}

/** `template` with each `{key}` replaced by its value (the values are text, never markup). */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? (values[key] as string) : whole,
  )
}
