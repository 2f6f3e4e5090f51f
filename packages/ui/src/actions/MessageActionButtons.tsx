import type { MessageFeedback } from "@aichatkit/network-adapter"
import type { MessageItem } from "@aichatkit/types"
import { useState } from "react"
import type { ActionLabels } from "./labels.js"

/** A thumb drawn as a line icon (Feather's, MIT): an emoji needs a font the page may not have. */
function Thumb({ down }: { down: boolean }) {
  return (
    <svg
      aria-hidden="true"
      className="aichatkit-action-icon"
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path
        d={
          down
            ? "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17"
            : "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3"
        }
      />
    </svg>
  )
}

/** Props of {@link MessageActionButtons}. */
export interface MessageActionButtonsProps {
  item: MessageItem
  /** The user's rating of the item, if any. */
  feedback: MessageFeedback | undefined
  /** Whether Edit is offered (the adapter branches, no answer is arriving). */
  canEdit: boolean
  /** Whether Regenerate is offered (any answer where the adapter branches, else the last one). */
  canRegenerate: boolean
  onRate: (feedback: MessageFeedback) => void
  onEdit: () => void
  onRegenerate: () => void
  labels: ActionLabels
}

/**
 * Copy for every message with text; rating and regenerate for answers, edit for the user's
 * own. The result of a copy is announced in the row's own status region.
 */
export function MessageActionButtons({
  item,
  feedback,
  canEdit,
  canRegenerate,
  onRate,
  onEdit,
  onRegenerate,
  labels,
}: MessageActionButtonsProps) {
  const [announcement, setAnnouncement] = useState("")
  const copy = () => {
    // Emptied first, so copying twice announces twice.
    setAnnouncement("")
    const clipboard = globalThis.navigator?.clipboard
    const written = clipboard ? clipboard.writeText(item.content) : Promise.reject()
    written.then(
      () => setAnnouncement(labels.copied),
      () => setAnnouncement(labels.copyFailed),
    )
  }
  const answer = item.role === "assistant"
  // A message of attachments (or a voice message without a transcript) has no text: a Copy
  // that puts "" on the clipboard and says "Copied" would mislead. Its files keep their own
  // open and download links.
  const copyable = item.content.trim() !== ""
  const editable = canEdit && item.role === "user"
  // Nothing to offer (a user's file-only message where the adapter cannot branch): no empty group.
  if (!copyable && !answer && !editable) return null
  return (
    <fieldset aria-label={labels.messageActions} className="aichatkit-message-actions">
      {copyable ? (
        <button type="button" className="aichatkit-action-button" onClick={copy}>
          {labels.copyMessage}
        </button>
      ) : null}
      {answer ? (
        <>
          <button
            type="button"
            className="aichatkit-action-button"
            aria-pressed={feedback === "up"}
            aria-label={labels.goodAnswer}
            onClick={() => onRate("up")}
          >
            <Thumb down={false} />
          </button>
          <button
            type="button"
            className="aichatkit-action-button"
            aria-pressed={feedback === "down"}
            aria-label={labels.badAnswer}
            onClick={() => onRate("down")}
          >
            <Thumb down />
          </button>
        </>
      ) : null}
      {canRegenerate && answer ? (
        <button type="button" className="aichatkit-action-button" onClick={onRegenerate}>
          {labels.regenerate}
        </button>
      ) : null}
      {editable ? (
        <button type="button" className="aichatkit-action-button" onClick={onEdit}>
          {labels.editMessage}
        </button>
      ) : null}
      <span role="status" className="aichatkit-visually-hidden">
        {announcement}
      </span>
    </fieldset>
  )
}
MessageActionButtons.displayName = "MessageActionButtons"
