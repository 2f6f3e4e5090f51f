/**
 * The scripted agent's `ChatEvent`s as `agentEvent { name data timestamp }` payloads: the
 * event names `@aichatkit/apollo-adapter` documents and decodes.
 */
import type { ChatEvent } from "@aichatkit/types"

/** One event of the `agentEvent` subscription; `data` is a JSON string. */
export interface AgentEventPayload {
  name: string
  data: string
  timestamp: string
}

function payload(name: string, data: Record<string, unknown>): AgentEventPayload {
  return { name, data: JSON.stringify(data), timestamp: new Date().toISOString() }
}

/** The first event of every subscription: the server now delivers this agent's events. */
export function subscribedEvent(agentId: string): AgentEventPayload {
  return payload("subscribed", { agentId })
}

/** Encodes one agent event; connection events have no `agentEvent` form. */
export function encodeAgentEvent(event: ChatEvent): AgentEventPayload | undefined {
  const runId = "runId" in event && event.runId !== undefined ? { runId: event.runId } : {}
  switch (event.type) {
    case "run-started":
      return payload("run-started", { runId: event.runId })
    case "item-added":
      return payload("item", { ...runId, item: event.item })
    case "text-delta":
      return payload("text-delta", { ...runId, itemId: event.itemId, delta: event.delta })
    case "item-updated": {
      const { toolCall, ...rest } = event.patch
      if (toolCall !== undefined && Object.keys(rest).length === 0) {
        return payload("tool-call-update", { ...runId, itemId: event.itemId, toolCall })
      }
      return payload("item-update", { ...runId, itemId: event.itemId, patch: event.patch })
    }
    case "item-done":
      return payload("item-done", { ...runId, itemId: event.itemId })
    case "tool-response-requested":
      return payload("tool-response-requested", {
        ...runId,
        itemId: event.itemId,
        awaiting: event.awaiting,
      })
    case "error":
      return payload("error", {
        ...runId,
        code: event.error.code,
        message: event.error.message,
        retryable: event.error.retryable,
      })
    case "run-finished":
      return payload("done", {
        runId: event.runId,
        status: event.status,
        ...(event.error
          ? {
              error: {
                code: event.error.code,
                message: event.error.message,
                retryable: event.error.retryable,
              },
            }
          : {}),
      })
    case "connection-changed":
      return undefined
  }
}
