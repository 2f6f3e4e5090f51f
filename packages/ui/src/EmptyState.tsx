import { forwardRef, type ReactNode } from "react"
import { cx } from "./class-names.js"
import { useLabels } from "./context.js"

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  /** The heading (defaults to `labels.emptyTitle`). */
  title?: ReactNode
  /** Prompts the user can send with one click. */
  suggestions?: readonly string[] | undefined
  /** Called with the suggestion the user picked. */
  onSuggestion?: ((suggestion: string) => void) | undefined
  /** Extra class on the empty state. */
  className?: string | undefined
  /** Extra content under the heading (an intro, a logo). */
  children?: ReactNode
}

/** What an empty conversation shows: a heading and optional suggestions. */
export const EmptyState = forwardRef<HTMLDivElement, EmptyStateProps>(function EmptyState(
  { title, suggestions, onSuggestion, className, children },
  ref,
) {
  const labels = useLabels()
  return (
    <div ref={ref} className={cx("aichatkit-empty-state", className)}>
      <p className="aichatkit-empty-state-title">{title ?? labels.emptyTitle}</p>
      {children}
      {suggestions && suggestions.length > 0 && (
        <ul className="aichatkit-suggestions" aria-label={labels.suggestions}>
          {suggestions.map((suggestion) => (
            <li key={suggestion}>
              <button
                type="button"
                className="aichatkit-suggestion"
                onClick={() => onSuggestion?.(suggestion)}
              >
                {suggestion}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
})
EmptyState.displayName = "EmptyState"
