/**
 * Binds one adapter to one store: starts agents, sends with an optimistic user item, cancels,
 * retries, and feeds the adapter's events to the store in coalesced batches. Adapter failures
 * become state (`run.status: "error"`, `lastError`); nothing thrown by an adapter or a listener
 * escapes the event handling. The parts: `controller-context.ts` (what they share),
 * `turn-actions.ts` (send, cancel, retry), `conversation-actions.ts` (the rest), `turn-runner.ts`
 * (one turn against the adapter), `adapter-events.ts` (events into the store).
 */
import { toAdapterError } from "@aichatkit/types"
import { branchActions } from "./branch-actions.js"
import { type ChatControllerOptions, createControllerContext } from "./controller-context.js"
import { conversationActions, serverActions } from "./conversation-actions.js"
import { PendingDeletion } from "./pending-deletion.js"
import { toolActions } from "./tool-actions.js"
import { turnActions } from "./turn-actions.js"
import type { ChatController } from "./types.js"

export type { ChatControllerOptions } from "./controller-context.js"

/** Creates the controller of one adapter and one store. */
export function createChatController(options: ChatControllerOptions): ChatController {
  const context = createControllerContext(options)
  const { adapter, store, events } = context
  // The base class says `closed` before any report: that is no news, not an outage.
  if (adapter.connectionStatus !== "closed") {
    store.getState().dispatch({ type: "connection-changed", status: adapter.connectionStatus })
  }
  const deletion = new PendingDeletion(context.dispatch, async (agentId) => {
    try {
      await adapter.stopChatAgent(agentId)
    } catch (error) {
      context.report(toAdapterError(error, "UNKNOWN"))
    }
  })
  const turns = turnActions(context)
  /** How many `connect()` calls have not been undone; the adapter is listened to while above 0. */
  let connections = 0

  const controller: ChatController = {
    store,
    adapter,
    ...turns,
    ...conversationActions(context, deletion, turns.cancel),
    ...serverActions(context, turns.cancel),
    ...toolActions(context),
    ...branchActions(context),

    connect() {
      if (context.disposed) return () => {}
      connections += 1
      events.start()
      let connected = true
      return () => {
        if (!connected) return
        connected = false
        connections -= 1
        if (connections === 0) events.stop()
      }
    },

    dispose() {
      context.disposed = true
      deletion.finish()
      events.dispose()
    },
  }
  if (options.connect !== false) controller.connect()
  return controller
}
