import { forwardRef, useState } from "react"
import { cx } from "./class-names.js"
import { useLabels } from "./context.js"
import { useIsThinking, useRunStatus } from "./hooks/store-hooks.js"

/** Props of {@link ThinkingIndicator}. */
export interface ThinkingIndicatorProps {
  /** The conversation to watch (the active one by default). */
  conversationId?: string | undefined
  /** Extra class on the indicator. */
  className?: string | undefined
}

/**
 * Whether "Thinking…" is in the status region: from the first time the turn thinks until the
 * turn ends. The agent may think again after a tool call; the words stay put then, so they
 * are announced once per turn, not at every pause.
 */
function useThinkingAnnounced(thinking: boolean, conversationId: string | undefined): boolean {
  const status = useRunStatus(conversationId)
  const running = status === "submitted" || status === "streaming"
  const [announced, setAnnounced] = useState(false)
  const shown = running && (announced || thinking)
  // Kept in step during the render (React re-renders this component before committing), not in
  // an effect: an effect would commit the whole tree a second time in the frame that ends a turn.
  if (shown !== announced) setAnnounced(shown)
  return shown
}

/**
 * Shown from sending a message until the first token (or item) of the answer shows, and
 * again while the agent thinks between the parts of its answer. The status region stays
 * mounted and empty between turns: a region inserted together with its text is often not
 * announced.
 */
export const ThinkingIndicator = forwardRef<HTMLDivElement, ThinkingIndicatorProps>(
  function ThinkingIndicator({ conversationId, className }, ref) {
    const labels = useLabels()
    const thinking = useIsThinking(conversationId)
    const announced = useThinkingAnnounced(thinking, conversationId)
    return (
      <div
        ref={ref}
        className={cx("aichatkit-thinking", thinking && "aichatkit-thinking--active", className)}
        role="status"
      >
        {thinking && (
          <span className="aichatkit-thinking-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
        )}
        {announced && (
          <span className={thinking ? "aichatkit-thinking-label" : "aichatkit-visually-hidden"}>
            {labels.thinking}
          </span>
        )}
      </div>
    )
  },
)
ThinkingIndicator.displayName = "ThinkingIndicator"
