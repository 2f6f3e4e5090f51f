import { forwardRef } from "react"
import { cx } from "./class-names.js"
import { useLabels } from "./context.js"
import { useIsThinking } from "./hooks/store-hooks.js"

/** Props of {@link ThinkingIndicator}. */
export interface ThinkingIndicatorProps {
  /** The conversation to watch (the active one by default). */
  conversationId?: string | undefined
  /** Extra class on the indicator. */
  className?: string | undefined
}

/**
 * Shown from sending a message until the first token (or item) of the answer shows. The
 * status region stays mounted and empty in between: a region inserted together with its
 * text is often not announced.
 */
export const ThinkingIndicator = forwardRef<HTMLDivElement, ThinkingIndicatorProps>(
  function ThinkingIndicator({ conversationId, className }, ref) {
    const labels = useLabels()
    const thinking = useIsThinking(conversationId)
    return (
      <div
        ref={ref}
        className={cx("aichatkit-thinking", thinking && "aichatkit-thinking--active", className)}
        role="status"
      >
        {thinking && (
          <>
            <span className="aichatkit-thinking-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            <span className="aichatkit-thinking-label">{labels.thinking}</span>
          </>
        )}
      </div>
    )
  },
)
ThinkingIndicator.displayName = "ThinkingIndicator"
