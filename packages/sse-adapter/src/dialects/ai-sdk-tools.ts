/**
 * The AI SDK stream's tool parts: a tool call opened by its first chunk, its input and output
 * (or error, or denial) as updates, an approval request, and the calls left waiting for the
 * page's output (browser tools) when the stream finishes.
 */
import type { ChatEvent } from "@aichatkit/types"
import type { AiSdkState } from "./ai-sdk.js"
import {
  closeItem,
  type JsonObject,
  openToolCall,
  problem,
  toArguments,
  updateToolCall,
} from "./turn-state.js"

/** The item of the chunk's tool call, opened (into `events`) when it is the first chunk of it. */
export function ensureTool(
  state: AiSdkState,
  chunk: JsonObject,
  events: ChatEvent[],
): string | undefined {
  const callId = chunk.toolCallId
  if (typeof callId !== "string" || callId === "") return undefined
  let itemId = state.tools.get(callId)
  if (itemId === undefined) {
    if (typeof chunk.toolName !== "string") return undefined
    itemId = `${state.runId}-tool-${callId}`
    state.tools.set(callId, itemId)
    events.push(
      openToolCall(state, itemId, {
        id: callId,
        name: chunk.toolName,
        arguments: toArguments(chunk.input),
        status: "pending",
      }),
    )
  }
  return itemId
}

/** One `tool-*` chunk of a call the stream opened (or opens now). */
export function toolChunk(state: AiSdkState, chunk: JsonObject): ChatEvent[] {
  const events: ChatEvent[] = []
  const itemId = ensureTool(state, chunk, events)
  if (itemId === undefined) {
    return [
      problem(
        state,
        "PROTOCOL_ERROR",
        `Skipped a "${chunk.type}" chunk for an unknown tool call (${JSON.stringify(chunk.toolCallId)}).`,
        chunk,
      ),
    ]
  }
  switch (chunk.type) {
    case "tool-input-available":
      state.inputReady.add(itemId)
      events.push(
        updateToolCall(state, itemId, { arguments: toArguments(chunk.input), status: "executing" }),
      )
      break
    case "tool-input-error":
    case "tool-output-error":
      events.push(
        updateToolCall(state, itemId, {
          status: "error",
          error: typeof chunk.errorText === "string" ? chunk.errorText : "The tool failed.",
        }),
        ...closeItem(state, itemId),
      )
      break
    case "tool-output-available":
      events.push(
        updateToolCall(state, itemId, {
          status: chunk.preliminary === true ? "executing" : "completed",
          result: chunk.output,
        }),
      )
      if (chunk.preliminary !== true) events.push(...closeItem(state, itemId))
      break
    case "tool-output-denied":
      events.push(
        updateToolCall(state, itemId, { status: "cancelled" }),
        ...closeItem(state, itemId),
      )
      break
  }
  return events
}

/** A tool call that needs the user's approval before the server runs it. */
export function approvalRequest(state: AiSdkState, chunk: JsonObject): ChatEvent[] {
  const itemId =
    typeof chunk.toolCallId === "string" ? state.tools.get(chunk.toolCallId) : undefined
  if (itemId === undefined) {
    return [
      problem(
        state,
        "PROTOCOL_ERROR",
        "Skipped an approval request for an unknown tool call.",
        chunk,
      ),
    ]
  }
  return awaitResponse(state, itemId, "approval")
}

/**
 * Tool calls whose input came and whose output did not when the stream finished: tools the
 * server has no `execute` for, that the page runs (browser tools).
 */
export function browserToolCalls(state: AiSdkState): ChatEvent[] {
  return [...state.inputReady].flatMap((itemId) =>
    state.open.has(itemId) ? awaitResponse(state, itemId, "output") : [],
  )
}

function awaitResponse(
  state: AiSdkState,
  itemId: string,
  awaiting: "approval" | "output",
): ChatEvent[] {
  state.open.delete(itemId)
  state.inputReady.delete(itemId)
  return [
    {
      type: "tool-response-requested",
      agentId: state.agentId,
      runId: state.runId,
      itemId,
      awaiting,
    },
  ]
}
