import type { MessageFeedback } from "@aichatkit/network-adapter"
import type { MessageItem } from "@aichatkit/types"
import { useState } from "react"
import type { ActionLabels } from "./labels.js"

/** Props of {@link MessageActionButtons}. */
export interface MessageActionButtonsProps {
  item: MessageItem
  /** The user's rating of the item, if any. */
  feedback: MessageFeedback | undefined
  /** Whether edit and regenerate are offered (the adapter branches, no answer is arriving). */
  canBranch: boolean
  onRate: (feedback: MessageFeedback) => void
  onEdit: () => void
  onRegenerate: () => void
  labels: ActionLabels
}

/**
 * Copy for every message; rating and regenerate for answers, edit for the user's own. The
 * result of a copy is announced in the row's own status region.
 */
export function MessageActionButtons({
  item,
  feedback,
  canBranch,
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
  return (
    <fieldset aria-label={labels.messageActions} className="aichatkit-message-actions">
      <button type="button" className="aichatkit-action-button" onClick={copy}>
        {labels.copyMessage}
      </button>
      {answer ? (
        <>
          <button
            type="button"
            className="aichatkit-action-button"
            aria-pressed={feedback === "up"}
            aria-label={labels.goodAnswer}
            onClick={() => onRate("up")}
          >
            <span aria-hidden="true">👍</span>
          </button>
          <button
            type="button"
            className="aichatkit-action-button"
            aria-pressed={feedback === "down"}
            aria-label={labels.badAnswer}
            onClick={() => onRate("down")}
          >
            <span aria-hidden="true">👎</span>
          </button>
        </>
      ) : null}
      {canBranch && answer ? (
        <button type="button" className="aichatkit-action-button" onClick={onRegenerate}>
          {labels.regenerate}
        </button>
      ) : null}
      {canBranch && item.role === "user" ? (
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
