/**
 * Regenerating the last answer over HAIP, pure: whether the agent can ask for it now (or the
 * ChatError that says why not), and its transcript without the answer the server drops. The
 * request itself is the client's `HAIPTransaction.regenerate(runId)`: a MESSAGE
 * `{ regenerate: true }` sent only to a server whose HAI announced `regenerate_last`.
 */
import type { HAIPServerInfo } from "@aichatkit/haip-client"
import { ItemFold } from "@aichatkit/network-adapter"
import { ChatError, type ChatResponseItem } from "@aichatkit/types"
import type { Agent } from "./agent.js"

/** Why the last answer cannot be regenerated now, or `undefined` when it can. */
export function regenerateProblem(
  server: HAIPServerInfo | undefined,
  running: boolean,
  items: readonly ChatResponseItem[],
): ChatError | undefined {
  if (server?.regenerateLast !== true) {
    return new ChatError(
      "UNSUPPORTED",
      "This HAIP server cannot answer again (its HAI does not announce regenerate_last); send the message again instead.",
    )
  }
  if (running) {
    return new ChatError(
      "INVALID_INPUT",
      "An answer is still arriving; wait for it or stop it first.",
    )
  }
  if (lastAnswerStart(items) >= items.length) {
    return new ChatError(
      "INVALID_INPUT",
      "There is no answer to regenerate yet; send a message first.",
    )
  }
  return undefined
}

/** {@link regenerateProblem} for an agent now: its turn running, its transcript. */
export function agentRegenerateProblem(
  agent: Agent,
  server: HAIPServerInfo | undefined,
): ChatError | undefined {
  return regenerateProblem(server, agent.turn !== undefined, agent.transcript.items())
}

/**
 * Starts a regeneration (once the agent's earlier turns are over): refused as
 * {@link agentRegenerateProblem} says, else the transcript drops the last answer, as the server
 * does. Returns what puts it back, for a request the server refuses.
 */
export function startRegeneration(agent: Agent, server: HAIPServerInfo | undefined): () => void {
  const problem = agentRegenerateProblem(agent, server)
  if (problem) throw problem
  const kept = agent.transcript
  agent.transcript = withoutLastAnswer(kept.items())
  return () => {
    agent.transcript = kept
  }
}

/** The transcript without the answer to its last user message (what the server drops). */
export function withoutLastAnswer(items: readonly ChatResponseItem[]): ItemFold {
  const fold = new ItemFold()
  for (const item of items.slice(0, lastAnswerStart(items))) {
    fold.apply({ type: "item-added", agentId: "", item })
    fold.apply({ type: "item-done", agentId: "", itemId: item.id })
  }
  return fold
}

/** Where the answer to the last user message starts (the length when there is no user message). */
function lastAnswerStart(items: readonly ChatResponseItem[]): number {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index]
    if (item?.type === "message" && item.role === "user") return index + 1
  }
  return items.length
}
