/**
 * Credits per channel, in messages and bytes, both ways. What we may send is limited by the
 * credits the client granted in its HAI and FLOW_UPDATEs ({@link OutboundCredits}); what the
 * client may send is limited by the credits we granted ({@link InboundCredits}), which we
 * grant back as frames are consumed so the stream never stalls.
 */
import type { HAIPChannel, HAIPFlowControlGrant } from "./types.js"

interface Balance {
  messages: number
  bytes: number
}

/** Credits the client granted us. Without a grant in its HAI, sending is unlimited. */
export class OutboundCredits {
  private readonly balances = new Map<string, Balance>()
  private grant: HAIPFlowControlGrant | undefined
  private readonly paused = new Set<string>()

  /** Starts over from the client's HAI grant (undefined: the client does no flow control). */
  reset(grant: HAIPFlowControlGrant | undefined): void {
    this.grant = grant
    this.balances.clear()
    this.paused.clear()
  }

  /** Whether the client limits what we send. */
  get limited(): boolean {
    return this.grant !== undefined
  }

  /** Whether a data frame of `bytes` may go now on `channel`. */
  canSend(channel: string, bytes: number): boolean {
    if (this.paused.has(channel)) return false
    if (!this.grant) return true
    const balance = this.balance(channel)
    // A frame larger than the whole window goes once the window is entirely free, or it never could.
    const fits = balance.bytes >= bytes || balance.bytes >= this.grant.initial_credit_bytes
    return balance.messages >= 1 && fits
  }

  /** Takes the credits of a data frame just sent. */
  consume(channel: string, bytes: number): void {
    if (!this.grant) return
    const balance = this.balance(channel)
    balance.messages -= 1
    balance.bytes -= bytes
  }

  /** Adds credits from a FLOW_UPDATE. */
  add(channel: string, messages: number, bytes: number): void {
    if (!this.grant) return
    const balance = this.balance(channel)
    balance.messages += messages
    balance.bytes += bytes
  }

  pause(channel: HAIPChannel): void {
    this.paused.add(channel)
  }

  resume(channel: HAIPChannel): void {
    this.paused.delete(channel)
  }

  /** Credits left on a channel (for /stats and tests). */
  remaining(channel: string): Balance | undefined {
    return this.grant ? { ...this.balance(channel) } : undefined
  }

  private balance(channel: string): Balance {
    let balance = this.balances.get(channel)
    if (!balance) {
      balance = {
        messages: this.grant?.initial_credit_messages ?? 0,
        bytes: this.grant?.initial_credit_bytes ?? 0,
      }
      this.balances.set(channel, balance)
    }
    return balance
  }
}

/** A FLOW_UPDATE to send back to the client. */
export interface CreditGrant {
  channel: string
  add_messages: number
  add_bytes: number
}

/** The result of accounting one incoming data frame. */
export type InboundResult = { ok: true; grant?: CreditGrant } | { ok: false; balance: Balance }

/**
 * Credits we granted the client. Consumed credits are granted back once half the window is
 * used, or by {@link pendingGrants} after a short delay, so a sender never waits forever.
 */
export class InboundCredits {
  private readonly balances = new Map<
    string,
    Balance & { consumedMessages: number; consumedBytes: number }
  >()

  /**
   * @param threshold messages consumed before they are granted back at once (default: half the
   *   window); below it, {@link pendingGrants} grants them back after a short delay.
   */
  constructor(
    readonly grant: HAIPFlowControlGrant,
    private readonly threshold?: number,
  ) {}

  /** Accounts one data frame; refuses it when the client has no credits left for it. */
  accept(channel: string, bytes: number): InboundResult {
    const balance = this.balance(channel)
    const fits = balance.bytes >= bytes || balance.bytes >= this.grant.initial_credit_bytes
    if (balance.messages < 1 || !fits) {
      return { ok: false, balance: { messages: balance.messages, bytes: balance.bytes } }
    }
    balance.messages -= 1
    balance.bytes -= bytes
    balance.consumedMessages += 1
    balance.consumedBytes += bytes
    const messagesDue =
      this.threshold === undefined
        ? balance.consumedMessages * 2 >= this.grant.initial_credit_messages
        : balance.consumedMessages >= this.threshold
    const bytesDue = balance.consumedBytes * 2 >= this.grant.initial_credit_bytes
    if (messagesDue || bytesDue) return { ok: true, grant: this.take(channel) }
    return { ok: true }
  }

  /** Grants back everything consumed and not yet granted (for the delayed grant). */
  pendingGrants(): CreditGrant[] {
    const grants: CreditGrant[] = []
    for (const [channel, balance] of this.balances) {
      if (balance.consumedMessages > 0 || balance.consumedBytes > 0) grants.push(this.take(channel))
    }
    return grants
  }

  /** Whether some consumed credits are waiting to be granted back. */
  get hasPending(): boolean {
    for (const balance of this.balances.values()) {
      if (balance.consumedMessages > 0 || balance.consumedBytes > 0) return true
    }
    return false
  }

  /** Starts over (a resumed connection: the client counts from our new HAI's grant). */
  reset(): void {
    this.balances.clear()
  }

  private take(channel: string): CreditGrant {
    const balance = this.balance(channel)
    const grant = {
      channel,
      add_messages: balance.consumedMessages,
      add_bytes: balance.consumedBytes,
    }
    balance.messages += balance.consumedMessages
    balance.bytes += balance.consumedBytes
    balance.consumedMessages = 0
    balance.consumedBytes = 0
    return grant
  }

  private balance(channel: string) {
    let balance = this.balances.get(channel)
    if (!balance) {
      balance = {
        messages: this.grant.initial_credit_messages,
        bytes: this.grant.initial_credit_bytes,
        consumedMessages: 0,
        consumedBytes: 0,
      }
      this.balances.set(channel, balance)
    }
    return balance
  }
}
