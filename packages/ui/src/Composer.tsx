import { forwardRef, useCallback, useEffect, useId, useImperativeHandle, useState } from "react"
import { cx } from "./class-names.js"
import { useChatContext } from "./context.js"
import { useChat, useConnection } from "./hooks/store-hooks.js"
import { useComposer } from "./hooks/use-composer.js"
import { useFocusRescue } from "./hooks/use-focus-rescue.js"
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
 * What the composer's status region says about the connection: only the changes that stop or
 * restore sending after it worked (a first connect while sending is not worth a word). Each
 * sentence gets a new id, so a second "Connected" is announced too.
 */
function useConnectionAnnouncement(
  status: string,
  reason: string | undefined,
  labels: Labels,
): { id: number; text: string } | undefined {
  const [announcement, setAnnouncement] = useState<{ id: number; text: string }>()
  useEffect(() => {
    if ((status === "reconnecting" || status === "closed") && reason !== undefined) {
      setAnnouncement((last) => ({ id: (last?.id ?? 0) + 1, text: reason }))
    } else if (status === "open") {
      setAnnouncement((last) =>
        last === undefined || last.text === labels.connectionOpen
          ? last
          : { id: last.id + 1, text: labels.connectionOpen },
      )
    }
  }, [status, reason, labels])
  return announcement
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
  // Over 60 lines: markup of the form (textarea, status, Send/Stop); the behaviour is in useComposer.
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
  const announcement = useConnectionAnnouncement(connection.status, reason, labels)
  // Stop turns into the (disabled) Send when the run ends: focus goes to the textarea.
  const stopRef = useFocusRescue<HTMLButtonElement>(() => composer.textareaRef.current)

  return (
    <form
      className={cx("aichatkit-composer", reason && "aichatkit-composer--disabled", className)}
      onSubmit={(event) => {
        event.preventDefault()
        composer.submit()
      }}
    >
      {reason && (
        <p id={reasonId} className="aichatkit-composer-reason">
          {reason}
        </p>
      )}
      <div className="aichatkit-visually-hidden" role="status">
        {announcement && <span key={announcement.id}>{announcement.text}</span>}
      </div>
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
            ref={stopRef}
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
