/**
 * The composer's lazily loaded parts while their chunks load: each keeps the box of the part it
 * stands for (the same classes, so the same CSS rules), so the composer's row and its preview
 * list do not jump when the parts arrive. Each is hidden from assistive technology and holds
 * nothing focusable (look-alike buttons are disabled and out of the tab order): the real part
 * says what it is, once, and focus is never on something that then disappears.
 */
import { formatBytes } from "@aichatkit/types"
import type { AttachmentDraft } from "./hooks/use-attachment-draft.js"
import type { Labels } from "./labels.js"

/** The attach button's box: a disabled look-alike with the same label, so the same width. */
export function AttachButtonPlaceholder({ labels }: { labels: Labels }) {
  return (
    <button
      type="button"
      className="aichatkit-button aichatkit-composer-attach aichatkit-composer-attach--loading"
      disabled
      tabIndex={-1}
      aria-hidden="true"
    >
      {labels.attachFiles}
    </button>
  )
}
AttachButtonPlaceholder.displayName = "AttachButtonPlaceholder"

/**
 * The boxes of the files waiting to be sent (dropped or pasted before the chunk arrived): each
 * preview's thumbnail frame, name, size and remove button, and the refusal's line, none of
 * them announced (the refusal is an alert only once the real part shows it).
 */
export function AttachmentPreviewsPlaceholder({ draft }: { draft: AttachmentDraft }) {
  return (
    <>
      {draft.refused === undefined ? null : (
        <p className="aichatkit-attachment-refusal" aria-hidden="true">
          {draft.refused}
        </p>
      )}
      {draft.files.length === 0 ? null : (
        <ul
          className="aichatkit-attachment-previews aichatkit-attachment-previews--loading"
          aria-hidden="true"
        >
          {draft.files.map(({ id, file, previewUrl }) => (
            <li key={id} className="aichatkit-attachment-preview">
              {previewUrl ? <span className="aichatkit-attachment-preview-frame" /> : null}
              <span className="aichatkit-attachment-name">{file.name}</span>
              <span className="aichatkit-attachment-size">{formatBytes(file.size)}</span>
              <button type="button" className="aichatkit-button" disabled tabIndex={-1}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
AttachmentPreviewsPlaceholder.displayName = "AttachmentPreviewsPlaceholder"

/** The microphone's box: the recorder's root with a disabled look-alike of its toggle. */
export function VoiceRecorderPlaceholder() {
  return (
    <div className="aichatkit-voice aichatkit-voice--loading" aria-hidden="true">
      <button
        type="button"
        className="aichatkit-button aichatkit-voice-toggle"
        disabled
        tabIndex={-1}
      >
        <span className="aichatkit-voice-icon" />
      </button>
    </div>
  )
}
VoiceRecorderPlaceholder.displayName = "VoiceRecorderPlaceholder"
