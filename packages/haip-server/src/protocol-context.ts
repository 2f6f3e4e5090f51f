/** What the protocol handlers need from the server, and the ERROR they send. */
import type { Session } from "./session.js"
import type { HAIPTool } from "./tool.js"
import type { ServerTransaction } from "./transaction.js"
import type { HAIPErrorCode } from "./types.js"

/** What the protocol needs from the server. */
export interface ProtocolContext {
  tools: ReadonlyMap<string, HAIPTool>
  maxConcurrentRuns: number
  cancelGraceMs: number
  flowGrantDelayMs: number
  log(message: string, detail?: unknown): void
  /**
   * Moves a transaction of an earlier, departed session of the same identity into this one
   * (a reference SDK that reconnects goes on in its transaction without resuming a session).
   */
  adoptTransaction?(session: Session, transactionId: string): ServerTransaction | undefined
}

/** Sends an ERROR on the session (ahead of queued data). */
export function sendError(
  session: Session,
  code: HAIPErrorCode,
  message: string,
  extra: { relatedId?: string | undefined; transaction?: string; detail?: unknown } = {},
): void {
  const payload: Record<string, unknown> = { code, message }
  if (extra.relatedId !== undefined) payload.related_id = extra.relatedId
  if (extra.detail !== undefined) payload.detail = extra.detail
  session.sendControl({
    type: "ERROR",
    channel: "SYSTEM",
    payload,
    ...(extra.relatedId === undefined ? {} : { related_id: extra.relatedId }),
    ...(extra.transaction === undefined ? {} : { transaction: extra.transaction }),
  })
}
