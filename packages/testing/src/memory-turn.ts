/**
 * One turn of the memory adapter: the agent's events delivered (a bad item reported and left
 * out, the user's item added once the run starts), a thrown agent turned into an ended run,
 * and how the run finished as the turn's result or ChatError.
 */
import {
  type AdapterError,
  ChatError,
  type ChatEvent,
  type ChatResponseItem,
  chatResponseItemProblem,
  type RunFinishedEvent,
  toAdapterError,
} from "@aichatkit/types"
import type { RespondInput, ScriptedAgent } from "./scripted-agent.js"

/** What a turn reports to and asks of the adapter. */
export interface MemoryTurnHost {
  /** Emits an event without keeping it (errors). */
  emit(event: ChatEvent): void
  /** Keeps the event in the turn and the transcript, and emits it. */
  deliver(event: ChatEvent): void
  /** The user's item of the turn (made when the run starts). */
  userItem(): ChatResponseItem
}

/** Plays the agent's answer to `message`; resolves with its `run-finished` (if one came). */
export async function playMemoryTurn(
  agent: ScriptedAgent,
  request: RespondInput & { signal: AbortSignal },
  host: MemoryTurnHost,
): Promise<RunFinishedEvent | undefined> {
  const { agentId } = request
  let runId: string | undefined
  let finish: RunFinishedEvent | undefined
  try {
    for await (const event of agent.respond(request)) {
      if (event.type === "item-added") {
        const problem = chatResponseItemProblem(event.item)
        if (problem !== undefined) {
          // A custom agent's bad item is reported and left out, as an adapter does with the wire's.
          host.emit({
            type: "error",
            agentId,
            ...(runId === undefined ? {} : { runId }),
            error: {
              code: "PROTOCOL_ERROR",
              message: `The agent produced an item that is not valid (${problem}); it was left out of the conversation.`,
              retryable: false,
            },
          })
          continue
        }
      }
      host.deliver(event)
      if (event.type === "run-started") {
        runId = event.runId
        const item = host.userItem()
        host.deliver({ type: "item-added", agentId, runId, item })
        host.deliver({ type: "item-done", agentId, runId, itemId: item.id })
      }
      if (event.type === "run-finished") finish = event
    }
  } catch (thrown) {
    const error = toAdapterError(thrown, "SERVER_ERROR")
    const reported: AdapterError = {
      code: error.code,
      message: `The agent failed while answering: ${error.message}`,
      retryable: error.retryable,
    }
    if (runId !== undefined && finish === undefined) {
      host.emit({ type: "error", agentId, runId, error: reported })
      host.emit({ type: "run-finished", agentId, runId, status: "error", error: reported })
    }
    throw new ChatError(reported.code, reported.message, {
      retryable: reported.retryable,
      cause: thrown,
    })
  }
  return finish
}

/** Throws the ChatError of a run that was cancelled or failed. */
export function throwUnlessCompleted(finish: RunFinishedEvent | undefined): void {
  if (finish?.status === "cancelled") {
    throw new ChatError("CANCELLED", "The run was cancelled before the agent finished answering.")
  }
  if (finish?.status === "error") {
    const error = finish.error ?? {
      code: "SERVER_ERROR",
      message: "The agent reported a failure without saying why; send the message again.",
      retryable: true,
    }
    throw new ChatError(error.code, error.message, { retryable: error.retryable })
  }
}
