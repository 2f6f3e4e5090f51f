/**
 * A watchdog for a turn that may stall: streaming adapters touch it whenever data arrives and
 * end the turn with TIMEOUT when nothing came for too long. Keep-alives must not touch it, or a
 * server that only pings would keep a turn "writing…" forever.
 */

/** The idle time after which streaming adapters end a turn, unless configured otherwise. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000

/** A running idle timer. */
export interface IdleTimer {
  /** Data arrived: the idle time starts again. Cheap enough to call for every event. */
  touch(): void
  /** Stops the timer; `onIdle` will not be called. */
  stop(): void
}

/**
 * Calls `onIdle` once when `touch` has not been called for `timeoutMs` (never when
 * `timeoutMs` is 0 or not finite). One timer per turn, re-armed only when it fires, rather
 * than a new timer for every token.
 */
export function createIdleTimer(timeoutMs: number, onIdle: () => void): IdleTimer {
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return { touch() {}, stop() {} }
  let last = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const check = () => {
    const idle = Date.now() - last
    if (idle >= timeoutMs) {
      timer = undefined
      onIdle()
    } else timer = setTimeout(check, timeoutMs - idle)
  }
  timer = setTimeout(check, timeoutMs)
  return {
    touch() {
      last = Date.now()
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
    },
  }
}
