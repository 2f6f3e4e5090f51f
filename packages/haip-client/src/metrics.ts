/** The seed's performance counters, counted as frames go out and come in. */
import type { HAIPPerformanceMetrics } from "./types.js"

export class Metrics {
  readonly #values: HAIPPerformanceMetrics = {
    messagesSent: 0,
    messagesReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
    connectionTime: 0,
    lastUpdated: Date.now(),
  }

  /** A frame of `bytes` went out. */
  sent(bytes: number): void {
    this.#values.messagesSent++
    this.#values.bytesSent += bytes
    this.#values.lastUpdated = Date.now()
  }

  /** A frame of `bytes` came in at `at` (`Date.now()`). */
  received(bytes: number, at: number): void {
    this.#values.messagesReceived++
    this.#values.bytesReceived += bytes
    this.#values.lastUpdated = at
  }

  /** The handshake took `ms`. */
  connected(ms: number): void {
    this.#values.connectionTime = ms
  }

  /** A copy of the counters. */
  snapshot(): HAIPPerformanceMetrics {
    return { ...this.#values }
  }
}
