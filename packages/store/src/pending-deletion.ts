/**
 * The one conversation deletion that can still be undone: the conversation is out of the
 * list at once, its agent keeps running until the deletion is final (the undo time passes,
 * another conversation is deleted, or the controller is disposed), so an undo brings back a
 * conversation that still works.
 */
import type { ChatAction } from "./types.js"

interface Pending {
  conversationId: string
  timer: ReturnType<typeof setTimeout>
  /** Ends the wait of `delete`: restored, or final. */
  settled: (restored: boolean) => void
}

export class PendingDeletion {
  readonly #dispatch: (action: ChatAction) => void
  readonly #stopAgent: (agentId: string) => Promise<void>
  #pending: Pending | undefined

  constructor(
    dispatch: (action: ChatAction) => void,
    stopAgent: (agentId: string) => Promise<void>,
  ) {
    this.#dispatch = dispatch
    this.#stopAgent = stopAgent
  }

  /**
   * Deletes a conversation, undoable for `undoMs` (none when 0). Resolves when its agent is
   * stopped, or when it is restored.
   */
  async delete(conversationId: string, agentId: string | undefined, undoMs: number) {
    this.finish()
    const undoable = undoMs > 0
    this.#dispatch({ type: "conversation-deleted", conversationId, undoable })
    if (undoable) {
      const restored = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => this.finish(), undoMs)
        this.#pending = { conversationId, timer, settled: resolve }
      })
      if (restored) return
    }
    if (agentId !== undefined) await this.#stopAgent(agentId)
  }

  /** Undoes the deletion of `conversationId`; false when it is final (or was never made). */
  restore(conversationId: string): boolean {
    const pending = this.#pending
    if (pending?.conversationId !== conversationId) return false
    clearTimeout(pending.timer)
    this.#pending = undefined
    this.#dispatch({ type: "conversation-restored", conversationId })
    pending.settled(true)
    return true
  }

  /** Makes the pending deletion final now (its agent is stopped by `delete`). */
  finish(): void {
    const pending = this.#pending
    if (!pending) return
    clearTimeout(pending.timer)
    this.#pending = undefined
    this.#dispatch({
      type: "conversation-deletion-finished",
      conversationId: pending.conversationId,
    })
    pending.settled(false)
  }
}
