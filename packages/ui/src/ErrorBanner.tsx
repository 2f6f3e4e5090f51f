import type { AdapterError } from "@aichatkit/types"
import { forwardRef, useState } from "react"
import { cx } from "./class-names.js"
import { useLabels } from "./context.js"
import { useChat, useChatSelector } from "./hooks/store-hooks.js"
import { useFocusRescue } from "./hooks/use-focus-rescue.js"
import { settle } from "./settle.js"

/** Props of {@link ErrorBanner}. */
export interface ErrorBannerProps {
  /** The conversation whose last error to show (the active one by default). */
  conversationId?: string | undefined
  /** Extra class on the banner. */
  className?: string | undefined
}

/**
 * The last error, in words a person can act on: the conversation's (with Retry when its
 * last turn failed and can run again) or else the chat's own (a conversation that could not be started).
 * Dismiss hides it until another error comes. Only the message is the alert, so a screen
 * reader says the sentence and not the button names run into it; when Retry or Dismiss
 * removes the banner, focus moves to the composer instead of falling to the page.
 */
export const ErrorBanner = forwardRef<HTMLDivElement, ErrorBannerProps>(function ErrorBanner(
  { conversationId, className },
  ref,
) {
  const labels = useLabels()
  const { conversationId: id, error: turnError, retry } = useChat(conversationId)
  // Retry where the failed turn can run again: not after a failed run that answering a tool
  // call started (the store keeps no message to send again then).
  const canRetry = useChatSelector(
    (state) => id !== undefined && state.conversations[id]?.lastFailedMessage !== undefined,
  )
  const chatError = useChatSelector((state) => state.lastError)
  const [dismissed, setDismissed] = useState<AdapterError>()
  const retryRef = useFocusRescue<HTMLButtonElement>()
  const dismissRef = useFocusRescue<HTMLButtonElement>()
  const error = turnError ?? chatError
  if (!error || error === dismissed) return null
  return (
    <div ref={ref} className={cx("aichatkit-error-banner", className)}>
      <p className="aichatkit-error-banner-message" role="alert">
        {error.message}
      </p>
      <div className="aichatkit-error-banner-actions">
        {canRetry && turnError && (
          <button
            ref={retryRef}
            type="button"
            className="aichatkit-button"
            onClick={() => settle(retry())}
          >
            {labels.retry}
          </button>
        )}
        <button
          ref={dismissRef}
          type="button"
          className="aichatkit-button"
          onClick={() => setDismissed(error)}
        >
          {labels.dismiss}
        </button>
      </div>
    </div>
  )
})
ErrorBanner.displayName = "ErrorBanner"
