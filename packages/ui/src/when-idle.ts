/**
 * Runs `callback` once the page is idle, or after `timeoutMs` at the latest; returns a cancel.
 * With `needsMs`, it waits for an idle period with that much time left before the next frame, so
 * work that costs about that much does not make the next frame late (still `timeoutMs` at the
 * latest). Where there is no `requestIdleCallback` (Safari, jsdom) it runs after `timeoutMs` or
 * 200 ms, whichever is sooner.
 */
export function whenIdle(callback: () => void, timeoutMs: number, needsMs = 0): () => void {
  if (typeof requestIdleCallback === "function") {
    const latest = performance.now() + timeoutMs
    let handle = 0
    // A caller may be handed no deadline (a test's stand-in): then the page counts as idle.
    const run = (idle?: IdleDeadline) => {
      const left = latest - performance.now()
      if (idle && !idle.didTimeout && idle.timeRemaining() < needsMs && left > 0) {
        handle = requestIdleCallback(run, { timeout: left })
        return
      }
      callback()
    }
    handle = requestIdleCallback(run, { timeout: timeoutMs })
    return () => cancelIdleCallback(handle)
  }
  const handle = setTimeout(callback, Math.min(timeoutMs, 200))
  return () => clearTimeout(handle)
}
