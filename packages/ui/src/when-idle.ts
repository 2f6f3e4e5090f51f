/**
 * Runs `callback` once the page is idle, or after `timeoutMs` at the latest; returns a cancel.
 * Where there is no `requestIdleCallback` (Safari, jsdom) it runs after `timeoutMs` or 200 ms,
 * whichever is sooner.
 */
export function whenIdle(callback: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(callback, { timeout: timeoutMs })
    return () => cancelIdleCallback(handle)
  }
  const handle = setTimeout(callback, Math.min(timeoutMs, 200))
  return () => clearTimeout(handle)
}
