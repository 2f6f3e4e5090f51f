import { type RefCallback, useCallback, useRef } from "react"

/**
 * Where focus goes when the control holding it disappears: the composer of the same chat if
 * it can take focus, else the message log, else nothing (never the page's `<body>`).
 */
export function findFocusFallback(from: Element): HTMLElement | undefined {
  for (let scope = from.parentElement; scope !== null; scope = scope.parentElement) {
    const composer = scope.querySelector<HTMLTextAreaElement>(
      "textarea.aichatkit-composer-input:not(:disabled)",
    )
    if (composer) return composer
    const log = scope.querySelector<HTMLElement>(".aichatkit-message-list-viewport")
    if (log) return log
  }
  return undefined
}

/**
 * A ref for a control that can vanish while it has focus (Stop turning into Send, a banner's
 * button, "Jump to latest"): when it unmounts while focused, focus moves to `fallback()` or
 * to {@link findFocusFallback}. React detaches the ref before it removes the element, so the
 * element still has focus at that moment.
 */
export function useFocusRescue<T extends HTMLElement>(
  fallback?: () => HTMLElement | null | undefined,
): RefCallback<T> {
  const element = useRef<T | null>(null)
  const fallbackRef = useRef(fallback)
  fallbackRef.current = fallback
  return useCallback((next: T | null) => {
    const previous = element.current
    element.current = next
    if (next !== null || previous === null) return
    if (previous.ownerDocument.activeElement !== previous) return
    const target = fallbackRef.current?.() ?? findFocusFallback(previous)
    target?.focus({ preventScroll: true })
  }, [])
}
