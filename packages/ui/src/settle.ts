/**
 * Lets a controller call run from an event handler without an unhandled rejection. The
 * controller has already put the failure in the store (the conversation's or the chat's
 * `lastError`), where `ErrorBanner` shows it, so nothing is lost by not rethrowing.
 */
export function settle(promise: Promise<unknown>): void {
  promise.catch(() => {})
}
