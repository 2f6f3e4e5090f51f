/**
 * One agent of the adapter: its transaction (the agent id is the first one's id, kept when the
 * transaction is replaced), its transcript, its current turn, and its turns one after another.
 * (What ties a turn to it, `turnHost`, is in turns.ts, loaded with the turns.)
 */
import type { HAIPMessage, HAIPTransaction } from "@aichatkit/haip-client"
import { ItemFold } from "@aichatkit/network-adapter"
import type { ChatResponse } from "@aichatkit/types"
import type { AgentTurn } from "./turn.js"

export class Agent {
  readonly id: string
  /** Every turn's items, folded as the store folds them (replaced when the history is cleared). */
  transcript = new ItemFold()
  turn: AgentTurn | undefined
  /** Settles once the agent's transaction is usable (after a session reset it is reopened). */
  ready: Promise<void> = Promise.resolve()
  #transaction!: HAIPTransaction
  #unbind: () => void = () => undefined
  /** Turns of one agent run one after another. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor(transaction: HAIPTransaction) {
    this.id = transaction.id
    this.bind(transaction)
  }

  get transaction(): HAIPTransaction {
    return this.#transaction
  }

  /** Takes `transaction` as the agent's (its frames go to the current turn), leaving the old one. */
  bind(transaction: HAIPTransaction): void {
    this.#unbind()
    this.#transaction = transaction
    this.#unbind = transaction.on("message", (frame: HAIPMessage) => this.turn?.observe(frame))
  }

  /** Stops listening to the transaction. */
  unbind(): void {
    this.#unbind()
    this.#unbind = () => undefined
  }

  /** Runs `turn` after the agent's earlier turns have settled, whichever way. */
  enqueue(turn: () => Promise<ChatResponse>): Promise<ChatResponse> {
    const run = this.#queue.then(turn, turn)
    this.#queue = run.catch(() => undefined)
    return run
  }
}
