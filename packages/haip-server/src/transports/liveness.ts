/**
 * Whether a connection still answers, for the heartbeat. Anything from the client counts (a
 * frame, a WebSocket pong). A missing HAIP PONG alone never makes a connection dead: the
 * reference SDK stops answering PING once its SYSTEM credits run out.
 */
import type { Connection } from "./connection.js"

export class Liveness {
  /** Whether anything came from the client since the last probe. */
  private heard = true

  constructor(private readonly connection: Connection) {}

  /** Something came from the client. */
  heardFrom(): void {
    this.heard = true
  }

  /**
   * False when the connection answered nothing, not even a WebSocket pong, since the previous
   * probe; otherwise probes it again. A transport without pings (HTTP) is only dead when its
   * socket closes.
   */
  probe(): boolean {
    const ping = this.connection.ping
    if (!ping) return true
    if (!this.heard) return false
    this.heard = false
    ping.call(this.connection)
    return true
  }
}
