/**
 * Whether a client's HAI asks to resume a session, and whether the server can honour it. A
 * request it cannot honour gets RESUME_FAILED, never a silent fresh session.
 */
import type { Session } from "./session.js"

/** What the decision needs from the server. */
export interface ResumeHost {
  findSession(id: string): Session | undefined
  isOwner(session: Session, identity: string | undefined): boolean
}

/** The answer to a HAI: no resume asked, a session to resume from a seq, or why not. */
export type ResumeOutcome =
  | { kind: "none" }
  | { kind: "resumed"; session: Session; replayFrom: number }
  | { kind: "failed"; message: string }

const DECIMAL = /^\d{1,15}$/

/**
 * Reads `session` and `last_rx_seq` of a HAI payload. `provisionalId` is the session the
 * server opened on connect (server-first): naming it is no resume.
 */
export function decideResume(
  host: ResumeHost,
  payload: Record<string, unknown>,
  identity: string | undefined,
  provisionalId: string | undefined,
): ResumeOutcome {
  const wanted =
    typeof payload.session === "string" && payload.session !== "" ? payload.session : undefined
  const rawLastRx = payload.last_rx_seq
  const hasLastRx = rawLastRx !== undefined && rawLastRx !== null && String(rawLastRx) !== "0"
  if (wanted === undefined) {
    if (!hasLastRx) return { kind: "none" }
    return failed(
      "the HAI has last_rx_seq but no session",
      "send the session id that the server's HAI gave you with last_rx_seq",
    )
  }
  if (wanted === provisionalId) return { kind: "none" }
  const lastRx = rawLastRx === undefined || rawLastRx === null ? 0 : Number(rawLastRx)
  if (!DECIMAL.test(String(rawLastRx ?? "0")) || !Number.isSafeInteger(lastRx)) {
    return failed(`Session ${wanted} cannot be resumed: last_rx_seq is not a decimal seq`)
  }
  const candidate = host.findSession(wanted)
  if (!candidate?.authenticated || !host.isOwner(candidate, identity)) {
    // One answer for "no such session" and "not yours": a session id must not be probed.
    return failed(
      `Session ${wanted} cannot be resumed (it has expired, never existed or was opened by another identity)`,
    )
  }
  if (lastRx > candidate.lastSeq) {
    return failed(
      `Session ${wanted} cannot be resumed: last_rx_seq ${lastRx} is beyond the last seq it sent (${candidate.lastSeq})`,
    )
  }
  if (!candidate.replay.covers(lastRx + 1, candidate.lastSeq)) {
    return failed(
      `Session ${wanted} cannot be resumed (frames after seq ${lastRx} are no longer kept)`,
    )
  }
  return { kind: "resumed", session: candidate, replayFrom: lastRx + 1 }
}

function failed(
  what: string,
  advice = "a new session starts: reopen transactions and reload conversations",
): ResumeOutcome {
  return { kind: "failed", message: `${what}; ${advice}.` }
}
