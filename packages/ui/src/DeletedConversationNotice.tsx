import { forwardRef } from "react"
import { flushSync } from "react-dom"
import { cx } from "./class-names.js"
import { useChatContext } from "./context.js"
import { useChatSelector } from "./hooks/store-hooks.js"

/** Props of {@link DeletedConversationNotice}. */
export interface DeletedConversationNoticeProps {
  /** Called with the conversation's id once Undo has brought it back (to focus it). */
  onRestored?: ((conversationId: string) => void) | undefined
  /** Extra class on the notice. */
  className?: string | undefined
}

/**
 * "Conversation deleted: {title}" with Undo, while the last deletion can be undone. The
 * sentence is a polite status region that stays mounted (empty otherwise), so it is
 * announced when a deletion fills it; the button sits outside it, so it is not read out with
 * the sentence.
 */
export const DeletedConversationNotice = forwardRef<HTMLDivElement, DeletedConversationNoticeProps>(
  function DeletedConversationNotice({ onRestored, className }, ref) {
    const { controller, labels } = useChatContext()
    const deleted = useChatSelector((state) => state.deletedConversation?.conversation)
    const title = deleted ? deleted.title || labels.untitled : ""
    return (
      <div
        ref={ref}
        className={cx(
          "aichatkit-deleted-notice",
          deleted && "aichatkit-deleted-notice--visible",
          className,
        )}
      >
        <p className="aichatkit-deleted-notice-text" role="status">
          {deleted ? labels.conversationDeleted.replace("{title}", title) : ""}
        </p>
        {deleted && (
          <button
            type="button"
            className="aichatkit-button"
            onClick={() => {
              // Committed at once, so the restored row exists when focus moves to it.
              const restored = flushSync(() => controller.restoreConversation(deleted.id))
              if (restored) onRestored?.(deleted.id)
            }}
          >
            {labels.undo}
          </button>
        )}
      </div>
    )
  },
)
DeletedConversationNotice.displayName = "DeletedConversationNotice"
