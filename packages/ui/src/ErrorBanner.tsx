import { forwardRef } from "react"
import { cx } from "./class-names.js"
import { useLabels } from "./context.js"
import { useChat } from "./hooks/store-hooks.js"

/** Props of {@link ErrorBanner}. */
export interface ErrorBannerProps {
  /** The conversation whose last error to show (the active one by default). */
  conversationId?: string | undefined
  /** Extra class on the banner. */
  className?: string | undefined
}

/** The last turn's error, in words a person can act on, with a Retry button. */
export const ErrorBanner = forwardRef<HTMLDivElement, ErrorBannerProps>(function ErrorBanner(
  { conversationId, className },
  ref,
) {
  const labels = useLabels()
  const { status, error, retry } = useChat(conversationId)
  if (status !== "error" || !error) return null
  return (
    <div ref={ref} className={cx("aichatkit-error-banner", className)} role="alert">
      <span className="aichatkit-error-banner-message">{error.message}</span>
      <button type="button" className="aichatkit-button" onClick={() => void retry()}>
        {labels.retry}
      </button>
    </div>
  )
})
ErrorBanner.displayName = "ErrorBanner"
