/**
 * MemoryAdapter's `respondToToolCall`: checks the answer against the agent's transcript, then
 * plays the scripted agent's next run in the background, as a streamed turn plays.
 */
import { type ItemFold, waitingToolCall } from "@aichatkit/network-adapter"
import {
  ChatError,
  type ChatEvent,
  type ToolCallItem,
  type ToolCallResponse,
  toAdapterError,
} from "@aichatkit/types"
import type { ScriptedAgent } from "./scripted-agent.js"

/** What the answer needs of one agent of the adapter. */
export interface AnsweringAgent {
  transcript: ItemFold
  runs: Set<AbortController>
  /** Tool calls already answered, so a second answer is refused before the first run ends. */
  answered: Set<string>
}

export function answerToolCall(
  scripted: ScriptedAgent,
  agent: AnsweringAgent,
  call: {
    agentId: string
    toolCallId: string
    response: ToolCallResponse
    /** Aborting it ends the run the answer starts as cancelled. */
    signal?: AbortSignal | undefined
  },
  emit: (event: ChatEvent) => void,
): void {
  const { agentId, toolCallId, response, signal } = call
  if (signal?.aborted) throw new ChatError("CANCELLED", "The run was cancelled before it started.")
  const item = waitingCall(agent, toolCallId, response)
  if (!scripted.answerToolCall) {
    throw new ChatError("UNSUPPORTED", "This agent cannot take answers to its tool calls.")
  }
  agent.answered.add(toolCallId)
  const run = new AbortController()
  agent.runs.add(run)
  const cancel = () => run.abort()
  signal?.addEventListener("abort", cancel, { once: true })
  const events = scripted.answerToolCall({
    agentId,
    itemId: item.id,
    toolCall: structuredClone(item.toolCall),
    response,
    signal: run.signal,
  })
  const play = async () => {
    try {
      for await (const event of events) {
        agent.transcript.apply(event)
        emit(event)
      }
    } catch (thrown) {
      emit({ type: "error", agentId, error: toAdapterError(thrown, "SERVER_ERROR") })
    } finally {
      signal?.removeEventListener("abort", cancel)
      agent.runs.delete(run)
    }
  }
  void play()
}

function waitingCall(
  agent: AnsweringAgent,
  toolCallId: string,
  response: ToolCallResponse,
): ToolCallItem {
  const item = waitingToolCall(agent.transcript.items(), toolCallId, response)
  if (agent.answered.has(toolCallId)) {
    throw new ChatError(
      "INVALID_INPUT",
      `The tool call "${item.toolCall.name}" no longer waits for this answer.`,
    )
  }
  return item
}
