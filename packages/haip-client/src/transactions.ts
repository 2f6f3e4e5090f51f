/**
 * The reference server's transactions as the client keeps them: the ones being opened
 * (TRANSACTION_START sent under a temporary id, waiting for the server's real id), the open
 * ones, and where each frame of a transaction goes.
 */
import { HAIPError, serverError } from "./errors.js"
import { generateUUID } from "./ids.js"
import { HAIPTransaction } from "./transaction.js"
import type { HAIPMessage, HAIPOutgoingMessage } from "./types.js"

interface PendingTransaction {
  toolName: string
  frameId: string | undefined
  resolve: (transaction: HAIPTransaction) => void
  reject: (error: HAIPError) => void
  timer: ReturnType<typeof setTimeout>
}

export class TransactionRegistry {
  readonly #open = new Map<string, HAIPTransaction>()
  readonly #pending = new Map<string, PendingTransaction>()
  readonly #send: (message: HAIPOutgoingMessage) => Promise<string>

  constructor(send: (message: HAIPOutgoingMessage) => Promise<string>) {
    this.#send = send
  }

  /** Sends TRANSACTION_START and resolves with the transaction once the server accepts it. */
  start(
    toolName: string,
    params: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<HAIPTransaction> {
    const referenceId = generateUUID()
    return new Promise<HAIPTransaction>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(referenceId)
        reject(
          new HAIPError(
            "TIMEOUT",
            `The server did not answer TRANSACTION_START for tool "${toolName}" within ${timeoutMs} ms.`,
            {
              retryable: true,
            },
          ),
        )
      }, timeoutMs)
      const pending: PendingTransaction = { toolName, frameId: undefined, resolve, reject, timer }
      this.#pending.set(referenceId, pending)
      this.#send({
        type: "TRANSACTION_START",
        channel: "SYSTEM",
        transaction: referenceId,
        payload: { toolName, params },
      }).then(
        (frameId) => {
          pending.frameId = frameId
        },
        (error: unknown) => {
          clearTimeout(timer)
          this.#pending.delete(referenceId)
          reject(error instanceof HAIPError ? error : new HAIPError("NOT_CONNECTED", String(error)))
        },
      )
    })
  }

  list(): HAIPTransaction[] {
    return [...this.#open.values()]
  }

  get(id: string): HAIPTransaction | undefined {
    return this.#open.get(id)
  }

  /**
   * Routes a delivered frame: the server's TRANSACTION_START opens a pending transaction,
   * TRANSACTION_END closes one, an ERROR about a transaction being opened rejects it; every
   * other frame of an open transaction is its `message` (ERRORs also its `error`). ERRORs
   * that belong to no transaction go to `clientError`.
   */
  route(frame: HAIPMessage, clientError: (error: HAIPError) => void): void {
    const payload = (
      typeof frame.payload === "object" && frame.payload !== null ? frame.payload : {}
    ) as Record<string, unknown>
    switch (frame.type) {
      case "TRANSACTION_START": {
        const referenceId =
          typeof payload.referenceId === "string" ? payload.referenceId : undefined
        const pending = referenceId ? this.#pending.get(referenceId) : undefined
        if (!pending || !referenceId || !frame.transaction) return
        clearTimeout(pending.timer)
        this.#pending.delete(referenceId)
        const transaction = new HAIPTransaction(
          {
            sendMessage: (message) => this.#send(message),
            forgetTransaction: (id) => this.#open.delete(id),
          },
          { id: frame.transaction, referenceId, toolName: pending.toolName },
        )
        this.#open.set(transaction.id, transaction)
        pending.resolve(transaction)
        return
      }
      case "TRANSACTION_END":
        if (frame.transaction) this.#open.get(frame.transaction)?.markClosed("closed by the server")
        return
      case "ERROR": {
        const error = serverError(payload)
        const pending = this.#pendingFor(frame, error.relatedId)
        if (pending) {
          const [referenceId, entry] = pending
          clearTimeout(entry.timer)
          this.#pending.delete(referenceId)
          entry.reject(error)
          return
        }
        const transaction = frame.transaction ? this.#open.get(frame.transaction) : undefined
        if (transaction) transaction.emit("error", error)
        else clientError(error)
        break
      }
    }
    if (frame.transaction) this.#open.get(frame.transaction)?.emit("message", frame)
  }

  /** The session is gone: every open transaction ends. */
  closeAll(reason: string): void {
    for (const transaction of [...this.#open.values()]) transaction.markClosed(reason)
  }

  /** The connection ended for good: transactions being opened fail, open ones end. */
  failAll(error: HAIPError): void {
    for (const [referenceId, pending] of this.#pending) {
      clearTimeout(pending.timer)
      this.#pending.delete(referenceId)
      pending.reject(error)
    }
    this.closeAll(error.message)
  }

  #pendingFor(
    frame: HAIPMessage,
    relatedId: string | undefined,
  ): [string, PendingTransaction] | undefined {
    for (const entry of this.#pending) {
      const [referenceId, pending] = entry
      if (
        frame.transaction === referenceId ||
        relatedId === referenceId ||
        (relatedId !== undefined && relatedId === pending.frameId)
      ) {
        return entry
      }
    }
    return undefined
  }
}
