/**
 * The heartbeat of an open link: a PING every `interval` ms, and the link dropped (so a
 * reconnect follows) once the server has sent nothing, not even a PONG, for two intervals.
 * Acks that are due go out every second on the same clock.
 */
import { HAIPError } from "./errors.js"
import { generateUUID } from "./frames.js"
import type { Timers } from "./timers.js"
import type { HAIPMessage } from "./types.js"

/** How often a due ack goes out on its own. */
const ackTickMs = 1000

/** What the heartbeat needs from its connection. */
export interface HeartbeatHost {
  readonly timers: Timers
  /** Milliseconds between PINGs; 0 or less: no PINGs (acks still tick). */
  readonly interval: number
  /** When the last frame from the server arrived (`Date.now()`). */
  readonly lastReceivedAt: number
  sendControl(type: HAIPMessage["type"], payload: unknown): void
  /** The server went silent: report `error` and drop the link. */
  silent(error: HAIPError): void
  /** Sends an ack if frames were delivered since the last one. */
  ackIfDue(): void
}

/** Starts the heartbeat and ack timers (named "heartbeat" and "ack" on `host.timers`). */
export function startHeartbeat(host: HeartbeatHost): void {
  const interval = host.interval
  if (interval > 0) {
    const beat = () => {
      if (Date.now() - host.lastReceivedAt > interval * 2) {
        host.silent(
          new HAIPError(
            "CONNECTION_LOST",
            `The server sent nothing for ${interval * 2} ms, not even a PONG; reconnecting.`,
            { retryable: true },
          ),
        )
        return
      }
      host.sendControl("PING", { nonce: generateUUID() })
      host.timers.set("heartbeat", interval, beat)
    }
    host.timers.set("heartbeat", interval, beat)
  }
  const ackTick = () => {
    host.ackIfDue()
    host.timers.set("ack", ackTickMs, ackTick)
  }
  host.timers.set("ack", ackTickMs, ackTick)
}
