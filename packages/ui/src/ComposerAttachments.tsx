/**
 * The composer's attachment parts, loaded lazily the first time an adapter that can send
 * files is in use: the attach button (with its hidden file input), and the files waiting to be
 * sent as a list of previews with remove buttons, plus the sentence saying why a file was refused.
 */
import { formatBytes } from "@aichatkit/types"
import { useRef } from "react"
import type { AttachmentDraft } from "./hooks/use-attachment-draft.js"
import { fill } from "./items/attachment-labels.js"
import type { Labels } from "./labels.js"

/** Props of {@link AttachButton}. */
export interface AttachButtonProps {
  draft: AttachmentDraft
  labels: Labels
  accept?: string | undefined
  disabled?: boolean | undefined
}

/** The attach button: opens the system's file picker; what is picked joins the draft. */
export function AttachButton({ draft, labels, accept, disabled }: AttachButtonProps) {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button
        type="button"
        className="aichatkit-button aichatkit-composer-attach"
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        {labels.attachFiles}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        accept={accept}
        onChange={(event) => {
          draft.add(Array.from(event.target.files ?? []))
          event.target.value = "" // picking the same file again still adds it
        }}
      />
    </>
  )
}

/** Props of {@link AttachmentPreviews}. */
export interface AttachmentPreviewsProps {
  draft: AttachmentDraft
  labels: Labels
  /** Where focus goes after the last file is removed (the textarea). */
  onEmptied?: (() => void) | undefined
}

/** The files waiting to be sent: thumbnails for images, chips for files, each removable. */
export function AttachmentPreviews({ draft, labels, onEmptied }: AttachmentPreviewsProps) {
  return (
    <>
      {draft.refused === undefined ? null : (
        <p className="aichatkit-attachment-refusal" role="alert">
          {draft.refused}
        </p>
      )}
      {draft.files.length === 0 ? null : (
        <ul className="aichatkit-attachment-previews" aria-label={labels.pendingAttachments}>
          {draft.files.map(({ id, file, previewUrl }) => (
            <li key={id} className="aichatkit-attachment-preview">
              {previewUrl ? <img src={previewUrl} alt="" /> : null}
              <span className="aichatkit-attachment-name">{file.name}</span>
              <span className="aichatkit-attachment-size">{formatBytes(file.size)}</span>
              <button
                type="button"
                className="aichatkit-button"
                aria-label={fill(labels.removeAttachment, { name: file.name })}
                onClick={() => {
                  draft.remove(id)
                  if (draft.files.length === 1) onEmptied?.()
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
