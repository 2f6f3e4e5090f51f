/**
 * The settings of each new session, from the server's options: its replay window, the byte caps
 * it is charged against, the credits the client gets, and what happens to each frame it sends.
 */
import type { BudgetAccount, MemoryBudget } from "./budget.js"
import type { HAIPServerOptions } from "./options.js"
import type { SentFrame } from "./replay-window.js"
import type { Session, SessionOptions } from "./session.js"

/** What the server does with a session's frames. */
export interface SessionHooks {
  log(message: string): void
  /** A frame went out (counted, and mirrored to a shared store). */
  sent(session: Session, sent: SentFrame): void
}

/** The settings of a new session (`restored`: the id and last seq of one taken over). */
export function sessionOptions(
  options: HAIPServerOptions,
  budget: MemoryBudget,
  account: BudgetAccount,
  hooks: SessionHooks,
  restored: { id: string; lastSeq: number } | undefined,
): SessionOptions {
  const flow = options.flowControl
  return {
    ...restored,
    replayWindow: {
      minFrames: options.replayWindowSize ?? 1000,
      maxAgeMs: options.replayWindowTime ?? 5 * 60_000,
      maxBytes: budget.limits.sessionBytes,
      account,
    },
    history: { maxBytes: budget.limits.transactionHistoryBytes, account },
    incomingMaxBytes: budget.limits.sessionBytes,
    inboundGrant:
      flow?.enabled === false
        ? undefined
        : {
            initial_credit_messages: flow?.initialCreditMessages ?? 1000,
            initial_credit_bytes: flow?.initialCreditBytes ?? 1024 * 1024,
          },
    grantThreshold: flow?.creditThreshold,
    maxQueuedFrames: options.maxQueuedFrames ?? 1000,
    onUnencodable: (target, frame, reason) => {
      hooks.log(`a ${frame.type} frame could not be encoded: ${reason}`)
      target.sendControl({
        type: "ERROR",
        channel: "SYSTEM",
        payload: {
          code: "TOOL_EXECUTION_ERROR",
          message: `The tool sent a ${frame.type} whose payload is not JSON (${reason}); it was dropped.`,
        },
        ...(frame.transaction === undefined ? {} : { transaction: frame.transaction }),
        ...(frame.run_id === undefined ? {} : { run_id: frame.run_id }),
      })
    },
    onSent: (target, _frame, sent) => hooks.sent(target, sent),
  }
}
