/** Test helpers: a real store and controller over a MemoryAdapter, and ways to wait on them. */

import type { ConversationState } from "@aichatkit/store"
import { type ChatController, createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter, type MemoryAdapterOptions, type ScriptedAgent } from "@aichatkit/testing"
import { waitFor } from "@testing-library/react"
import { expect } from "vitest"

/** A MemoryAdapter that streams as fast as it can, and a controller over a fresh store. */
export function createHarness(options: MemoryAdapterOptions = {}): {
  adapter: MemoryAdapter
  controller: ChatController
} {
  const adapter = new MemoryAdapter({ tokenDelayMs: 0, ...options })
  const controller = createChatController({ adapter, store: createChatStore() })
  return { adapter, controller }
}

/** The active conversation of a controller's store. */
export function activeConversation(controller: ChatController): ConversationState | undefined {
  const state = controller.store.getState()
  return state.activeConversationId === undefined
    ? undefined
    : state.conversations[state.activeConversationId]
}

/** Waits until the active conversation's last turn has ended with `status`. */
export async function waitForRun(
  controller: ChatController,
  status: ConversationState["run"]["status"],
): Promise<void> {
  await waitFor(() => expect(activeConversation(controller)?.run.status).toBe(status), {
    timeout: 10_000,
  })
}

/** An agent that plays `first` the first time it is asked, then answers normally. */
export function agentFailingOnce(agent: ScriptedAgent): ScriptedAgent {
  let calls = 0
  return {
    respond(input) {
      calls += 1
      return agent.respond(calls === 1 ? { ...input, message: "error" } : input)
    },
  }
}
