/**
 * One round of the heartbeat: every open connection is probed (a WebSocket ping underneath) and,
 * when its session is here, gets a HAIP PING; one from which nothing came since the previous
 * round is closed.
 */
import { randomUUID } from "node:crypto"
import type { Link } from "./link.js"

/** Pings each open link, closing those that answered nothing, not even a WebSocket pong. */
export function pingLinks(links: Iterable<Link>, log: (message: string) => void): void {
  for (const link of [...links]) {
    if (!link.isOpen) continue
    if (!link.probe()) {
      log("a connection answered nothing, not even a WebSocket ping; closing it")
      link.connection.close(1001, "heartbeat timeout")
      link.closed()
      continue
    }
    // A relayed link has no session here: its frames are its home instance's sequence, which
    // this instance cannot add to. The probe alone tells whether it still answers.
    link.session?.sendControl({
      type: "PING",
      channel: "SYSTEM",
      payload: { nonce: randomUUID() },
    })
  }
}
