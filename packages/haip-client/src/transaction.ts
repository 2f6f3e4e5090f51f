/**
 * A transaction of the reference server: a conversation bound to one tool. Frames of the
 * transaction arrive as its `message` events; it sends chat turns and closes itself.
 */
import { TypedEmitter } from "./emitter.js"
import { HAIPError } from "./errors.js"
import type { HAIPMessage, HAIPOutgoingMessage } from "./types.js"

/** Events of a {@link HAIPTransaction}. */
export type HAIPTransactionEvents = {
  /** A frame of this transaction arrived (in order, without duplicates). */
  message: (message: HAIPMessage) => void
  /** The server reported an error about this transaction. */
  error: (error: HAIPError) => void
  /** The transaction ended: closed by either side, or lost with its session. */
  close: (reason: string) => void
}

/** What a transaction needs from its client. */
export interface TransactionHost {
  sendMessage(message: HAIPOutgoingMessage): Promise<string>
  forgetTransaction(id: string): void
}

export class HAIPTransaction extends TypedEmitter<HAIPTransactionEvents> {
  /** The id the server gave the transaction. */
  readonly id: string
  /** The temporary id the client proposed when starting it. */
  readonly referenceId: string
  /** The tool the transaction is bound to. */
  readonly toolName: string
  readonly #host: TransactionHost
  #closed = false

  constructor(host: TransactionHost, init: { id: string; referenceId: string; toolName: string }) {
    super()
    this.#host = host
    this.id = init.id
    this.referenceId = init.referenceId
    this.toolName = init.toolName
  }

  /** Whether the transaction has ended. */
  get closed(): boolean {
    return this.#closed
  }

  /** Sends a chat turn: `MESSAGE` on `USER` whose payload is the value itself. Resolves with the frame id. */
  sendTextMessage(text: string): Promise<string> {
    return this.sendMessage({ type: "MESSAGE", channel: "USER", payload: text })
  }

  /** Sends any frame inside this transaction. */
  sendMessage(message: HAIPOutgoingMessage): Promise<string> {
    if (this.#closed) return Promise.reject(closedError(this.id))
    return this.#host.sendMessage({ ...message, transaction: this.id })
  }

  /**
   * Asks the server to answer the transaction's last message again, replacing its last answer:
   * `MESSAGE` on `USER` whose payload is `{ regenerate: true }`, in run `runId` when given. Only
   * for a server whose HAI announced it (`serverInfo.regenerateLast`); another would take the
   * payload as a new message. Resolves with the frame id.
   */
  regenerate(runId?: string): Promise<string> {
    return this.sendMessage(regenerateRequest(runId))
  }

  /** Asks the server to cancel a run of this transaction (`RUN_CANCEL`). */
  cancelRun(runId: string): Promise<string> {
    return this.sendMessage({ type: "RUN_CANCEL", channel: "SYSTEM", payload: {}, run_id: runId })
  }

  /** Asks the server to cancel one tool call (`TOOL_CANCEL`). */
  cancelTool(callId: string, reason?: string, runId?: string): Promise<string> {
    const payload: Record<string, unknown> = { call_id: callId }
    if (reason !== undefined) payload.reason = reason
    const message: HAIPOutgoingMessage = { type: "TOOL_CANCEL", channel: "USER", payload }
    if (runId !== undefined) message.run_id = runId
    return this.sendMessage(message)
  }

  /** Ends the transaction (`TRANSACTION_END`). */
  async close(): Promise<void> {
    if (this.#closed) return
    const ending = this.#host.sendMessage({
      type: "TRANSACTION_END",
      channel: "SYSTEM",
      payload: {},
      transaction: this.id,
    })
    this.markClosed("closed by the client")
    await ending.catch(() => undefined)
  }

  /** @internal The client marks the transaction ended (server end, session lost). */
  markClosed(reason: string): void {
    if (this.#closed) return
    this.#closed = true
    this.#host.forgetTransaction(this.id)
    this.emit("close", reason)
  }
}

/**
 * The frame that asks a server to answer a transaction's last message again (see
 * {@link HAIPTransaction.regenerate}): `MESSAGE` on `USER` with the payload `{ regenerate: true }`.
 */
export function regenerateRequest(runId?: string): HAIPOutgoingMessage {
  const message: HAIPOutgoingMessage = {
    type: "MESSAGE",
    channel: "USER",
    payload: { regenerate: true },
  }
  if (runId !== undefined) message.run_id = runId
  return message
}

function closedError(id: string): HAIPError {
  return new HAIPError("TRANSACTION_CLOSED", `Transaction ${id} has ended; start a new one.`)
}
