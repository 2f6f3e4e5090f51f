import { forwardRef, useCallback, useId, useImperativeHandle } from "react"
import { cx } from "./class-names.js"
import { useChatContext } from "./context.js"
import { useChat, useConnection } from "./hooks/store-hooks.js"
import { useComposer } from "./hooks/use-composer.js"
import type { Labels } from "./labels.js"
import { settle } from "./settle.js"

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** The conversation to send to (the active one, or a new one, by default). */
  conversationId?: string | undefined
  /** The textarea's placeholder (defaults to `labels.inputPlaceholder`). */
  placeholder?: string | undefined
  /** Focus the textarea when it mounts. */
  autoFocus?: boolean | undefined
  /** Extra class on the composer's form. */
  className?: string | undefined
}

/** Why sending is not possible right now, or undefined when it is. */
function disabledReason(
  status: string,
  errorMessage: string | undefined,
  labels: Labels,
): string | undefined {
  if (status === "connecting") return labels.disabledConnecting
  if (status === "reconnecting") return labels.disabledReconnecting
  if (status === "closed" && errorMessage !== undefined) {
    return `${labels.disabledClosed} ${errorMessage}`
  }
  return undefined
}

/**
 * The message input: an autosizing textarea (Enter sends, Shift+Enter new line, IME-safe),
 * a Stop button (and Escape) while a run is active and the adapter can cancel, and a visible
 * reason when the connection does not allow sending. Focus returns to the textarea after
 * sending.
 */
export const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer(
  { conversationId, placeholder, autoFocus, className },
  ref,
) {
  const { labels } = useChatContext()
  const { send, cancel, isRunning, canCancel } = useChat(conversationId)
  const connection = useConnection()
  const reason = disabledReason(connection.status, connection.error?.message, labels)
  const onSubmit = useCallback((text: string) => settle(send(text)), [send])
  const canStop = isRunning && canCancel
  const composer = useComposer({
    onSubmit,
    canSubmit: reason === undefined && !isRunning,
    onEscape: canStop ? cancel : undefined,
  })
  useImperativeHandle(ref, () => composer.textareaRef.current!, [composer.textareaRef])
  const reasonId = useId()

  return (
    <form
      className={cx("aichatkit-composer", reason && "aichatkit-composer--disabled", className)}
      onSubmit={(event) => {
        event.preventDefault()
        composer.submit()
      }}
    >
      {reason && (
        <p id={reasonId} className="aichatkit-composer-reason" role="status">
          {reason}
        </p>
      )}
      <div className="aichatkit-composer-row">
        <textarea
          ref={composer.textareaRef}
          className="aichatkit-composer-input"
          aria-label={labels.inputLabel}
          aria-describedby={reason ? reasonId : undefined}
          placeholder={placeholder ?? labels.inputPlaceholder}
          rows={1}
          // biome-ignore lint/a11y/noAutofocus: opt-in by the app, for chat-first pages.
          autoFocus={autoFocus}
          value={composer.value}
          onChange={composer.onChange}
          onKeyDown={composer.onKeyDown}
          onCompositionStart={composer.onCompositionStart}
          onCompositionEnd={composer.onCompositionEnd}
        />
        {canStop ? (
          <button
            type="button"
            className="aichatkit-button aichatkit-composer-stop"
            onClick={cancel}
          >
            {labels.stop}
          </button>
        ) : (
          <button
            type="submit"
            className="aichatkit-button aichatkit-button--primary aichatkit-composer-send"
            disabled={reason !== undefined || isRunning || composer.value.trim() === ""}
          >
            {labels.send}
          </button>
        )}
      </div>
    </form>
  )
})
Composer.displayName = "Composer"
