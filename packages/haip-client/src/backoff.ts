/** Reconnect delays: exponential from `base`, capped at `max`, with "equal jitter" (half fixed, half random). */
export function reconnectDelay(
  attempt: number,
  base: number,
  max: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential / 2 + (random() * exponential) / 2)
}
