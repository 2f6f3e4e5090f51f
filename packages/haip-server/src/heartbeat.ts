/**
 * One round of the heartbeat: every open connection is probed (a WebSocket ping underneath), and
 * one from which nothing came since the previous round is closed; every session this instance
 * numbers that has a client attached, here or through a relay on another instance, gets one HAIP
 * PING.
 */
import { randomUUID } from "node:crypto"
import type { Link } from "./link.js"
import type { Session } from "./session.js"

/**
 * Pings each open link, closing those that answered nothing, not even a WebSocket pong; then
 * sends a HAIP PING into each attached session among the links' and `relayedSessions`.
 */
export function heartbeatRound(
  links: Iterable<Link>,
  relayedSessions: Iterable<Session>,
  log: (message: string) => void,
): void {
  // A set: a session pinged through one route this round is not pinged through another.
  const sessions = new Set<Session>()
  for (const link of [...links]) {
    if (!link.isOpen) continue
    if (!link.probe()) {
      log("a connection answered nothing, not even a WebSocket ping; closing it")
      link.connection.close(1001, "heartbeat timeout")
      link.closed()
      continue
    }
    // A relayed link has no session here: its frames are its home instance's sequence, which
    // this instance cannot add to. The probe alone tells whether it still answers; the home
    // instance sends its PINGs (below, on the home's round).
    if (link.session) sessions.add(link.session)
  }
  for (const session of relayedSessions) sessions.add(session)
  for (const session of sessions) {
    // Into a session nobody is attached to, a PING would only wait in its queue for a resume.
    if (!session.attached) continue
    session.sendControl({ type: "PING", channel: "SYSTEM", payload: { nonce: randomUUID() } })
  }
}
