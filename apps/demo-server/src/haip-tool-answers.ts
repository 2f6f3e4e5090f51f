/**
 * The demo HAIP tool's answers to tool calls that wait for the client: the calls its runs left
 * waiting (remembered per transaction as their events go out), and the client's answer frame
 * (TOOL_UPDATE RUNNING/CANCELLING for an approval, TOOL_DONE for a browser tool) played as the
 * scripted agent's next run in the run that frame opened.
 */
import {
  type HAIPMessage,
  type HAIPSessionTransaction,
  sendChatEvents,
} from "@aichatkit/haip-server"
import type { ScriptedAgent } from "@aichatkit/testing"
import type { ChatEvent, ToolCall, ToolCallResponse } from "@aichatkit/types"

interface WaitingCall {
  itemId: string
  toolCall: ToolCall
}

/** Most waiting calls remembered per transaction (a client that never answers keeps no more). */
const WAITING_LIMIT = 100

export class WaitingCalls {
  /** Transaction id → call id → the waiting call. */
  readonly #byTransaction = new Map<string, Map<string, WaitingCall>>()

  /** Passes a run's events on, remembering the tool calls left waiting for the client. */
  async *remember(
    transactionId: string,
    events: AsyncIterable<ChatEvent>,
  ): AsyncIterable<ChatEvent> {
    const calls = new Map<string, ToolCall>()
    for await (const event of events) {
      if (event.type === "item-added" && event.item.type === "tool_call")
        calls.set(event.item.id, event.item.toolCall)
      const toolCall =
        event.type === "tool-response-requested" ? calls.get(event.itemId) : undefined
      if (event.type === "tool-response-requested" && toolCall) {
        const waiting = this.#byTransaction.get(transactionId) ?? new Map<string, WaitingCall>()
        if (waiting.size >= WAITING_LIMIT) waiting.delete(waiting.keys().next().value as string)
        waiting.set(toolCall.id, { itemId: event.itemId, toolCall })
        this.#byTransaction.set(transactionId, waiting)
      }
      yield event
    }
  }

  /** Answers a waiting call from the client's frame; false when the frame is not such an answer. */
  answer(agent: ScriptedAgent, client: HAIPSessionTransaction, frame: HAIPMessage): boolean {
    const callId = frame.payload.call_id
    if (frame.type !== "TOOL_UPDATE" && frame.type !== "TOOL_DONE") return false
    if (typeof callId !== "string") return false
    const waiting = this.#byTransaction.get(client.transaction.id)
    const call = waiting?.get(callId)
    const response = responseOf(frame)
    if (!call || !response || !agent.answerToolCall) {
      client.finish("ERROR", `The tool call "${callId}" does not wait for this answer.`)
      return true
    }
    waiting?.delete(callId)
    const events = agent.answerToolCall({
      agentId: client.transaction.id,
      itemId: call.itemId,
      toolCall: call.toolCall,
      response,
      runId: client.runId,
      signal: client.signal,
    })
    sendChatEvents(client, this.remember(client.transaction.id, events)).catch((error: unknown) =>
      client.finish("ERROR", error instanceof Error ? error.message : "The answer's run failed."),
    )
    return true
  }
}

/** The answer a frame carries, read as own properties; undefined when it carries none. */
function responseOf(frame: HAIPMessage): ToolCallResponse | undefined {
  const payload = frame.payload
  const field = (name: string): unknown =>
    Object.hasOwn(payload, name) ? payload[name] : undefined
  if (frame.type === "TOOL_UPDATE") {
    const status = field("status")
    if (status !== "RUNNING" && status !== "CANCELLING") return undefined
    const reason = field("reason")
    const approved = status === "RUNNING"
    return typeof reason === "string" ? { approved, reason } : { approved }
  }
  const status = field("status")
  if (status === "OK") return { output: field("result") ?? null }
  if (status === "ERROR" || status === "CANCELLED") {
    const error = field("error")
    return { error: typeof error === "string" && error !== "" ? error : "The tool failed." }
  }
  return undefined
}
