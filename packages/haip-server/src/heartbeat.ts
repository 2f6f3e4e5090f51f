/**
 * One round of the heartbeat: every open connection with a session gets a HAIP PING (and a
 * WebSocket ping underneath); one from which nothing came since the previous round is closed.
 */
import { randomUUID } from "node:crypto"
import type { Link } from "./link.js"

/** Pings each open link, closing those that answered nothing, not even a WebSocket pong. */
export function pingLinks(links: Iterable<Link>, log: (message: string) => void): void {
  for (const link of [...links]) {
    if (!link.isOpen || !link.session) continue
    if (!link.probe()) {
      log("a connection answered nothing, not even a WebSocket ping; closing it")
      link.connection.close(1001, "heartbeat timeout")
      link.closed()
      continue
    }
    link.session.sendControl({
      type: "PING",
      channel: "SYSTEM",
      payload: { nonce: randomUUID() },
    })
  }
}
