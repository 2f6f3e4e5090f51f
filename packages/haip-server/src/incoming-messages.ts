/**
 * A client's streamed messages being gathered (MESSAGE_START … MESSAGE_END), by key, counted in
 * the session's memory budget: they cannot be evicted as replay can, so past the session's cap
 * the message that would grow them is dropped and the client told, instead of the server
 * holding 32 open messages of 4 M characters for every session.
 */
import type { BudgetAccount } from "./budget.js"

/** Where gathered text is counted, and what happens past the cap. */
export interface IncomingBudget {
  /** Characters all open messages of the session may hold together. */
  maxBytes: number
  account: BudgetAccount | undefined
  /** The message `key` was dropped: it would have taken the session past `maxBytes`. */
  onRefused(key: string, maxBytes: number): void
}

/** The open streamed messages of a session (the protocol uses it as the Map it is). */
export class IncomingMessages extends Map<string, string> {
  private total = 0

  constructor(private readonly budget: IncomingBudget) {
    super()
  }

  override set(key: string, text: string): this {
    // Map's own constructor calls set before `budget` exists; it is never given entries.
    if (!this.budget) return super.set(key, text)
    const growth = text.length - (super.get(key)?.length ?? 0)
    if (this.total + growth > this.budget.maxBytes) {
      this.delete(key)
      this.budget.onRefused(key, this.budget.maxBytes)
      return this
    }
    this.total += growth
    if (growth > 0) this.budget.account?.charge(growth)
    else this.budget.account?.release(-growth)
    return super.set(key, text)
  }

  override delete(key: string): boolean {
    const text = super.get(key)
    if (text !== undefined) {
      this.total -= text.length
      this.budget.account?.release(text.length)
    }
    return super.delete(key)
  }

  override clear(): void {
    for (const key of [...this.keys()]) this.delete(key)
  }
}

/** The ERROR a client gets when one of its streamed messages was dropped for the budget. */
export function incomingRefusal(key: string, maxBytes: number) {
  return {
    type: "ERROR" as const,
    channel: "SYSTEM" as const,
    payload: {
      code: "PAYLOAD_TOO_LARGE",
      message: `The streamed messages this session is receiving would hold more than ${maxBytes} characters; message ${key} was dropped. Send shorter messages, or end one before starting the next.`,
      detail: { budget: "session", limit_bytes: maxBytes },
    },
  }
}
