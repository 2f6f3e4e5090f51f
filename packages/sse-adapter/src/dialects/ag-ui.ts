/**
 * AG-UI (`@ag-ui/encoder`'s SSE form): `RUN_*`, `TEXT_MESSAGE_*` and `TOOL_CALL_*` events as
 * JSON with a `type`; state, steps, reasoning and custom events are ignored.
 */
import type { ChatEvent } from "@aichatkit/types"
import type { SSEDialect, SSEMessage, TurnContext } from "../types.js"
import { encodeAgUiRequest } from "./ag-ui-encode.js"
import { builtInDialects } from "./built-in.js"
import {
  closeAll,
  closeItem,
  createTurnState,
  failTurn,
  finishTurn,
  isObject,
  type JsonObject,
  openMessage,
  openToolCall,
  parseData,
  problem,
  serverFailure,
  type TurnState,
  textDelta,
  toArguments,
  updateToolCall,
} from "./turn-state.js"

export interface AgUiState extends TurnState {
  /** Message ids already opened (AG-UI ids are item ids). */
  messages: Set<string>
  /** The message `TEXT_MESSAGE_CHUNK`s without an id continue. */
  lastMessageId?: string | undefined
  /** Tool calls by id, with their argument text so far. */
  tools: Map<string, { itemId: string; args: string }>
  lastToolCallId?: string | undefined
  /** Tool calls whose arguments are complete (TOOL_CALL_END). */
  argumentsDone: Set<string>
}

function text(state: AgUiState, messageId: string, delta: unknown): ChatEvent[] {
  const events: ChatEvent[] = []
  if (!state.messages.has(messageId)) {
    state.messages.add(messageId)
    events.push(openMessage(state, messageId))
  }
  state.lastMessageId = messageId
  if (typeof delta === "string" && delta !== "") events.push(textDelta(state, messageId, delta))
  return events
}

function startTool(state: AgUiState, event: JsonObject): ChatEvent[] {
  const callId = event.toolCallId
  if (typeof callId !== "string" || typeof event.toolCallName !== "string") {
    return [
      problem(
        state,
        "PROTOCOL_ERROR",
        "Skipped a TOOL_CALL_START without toolCallId or toolCallName.",
        event,
      ),
    ]
  }
  state.lastToolCallId = callId
  if (state.tools.has(callId)) return []
  state.tools.set(callId, { itemId: callId, args: "" })
  return [
    openToolCall(state, callId, {
      id: callId,
      name: event.toolCallName,
      arguments: {},
      status: "pending",
    }),
  ]
}

function unknownTool(state: AgUiState, event: JsonObject): ChatEvent[] {
  return [
    problem(
      state,
      "PROTOCOL_ERROR",
      `Skipped a ${String(event.type)} for a tool call that never started (${JSON.stringify(event.toolCallId)}).`,
      event,
    ),
  ]
}

function toolResult(content: unknown): unknown {
  if (typeof content !== "string") return content
  try {
    return JSON.parse(content)
  } catch {
    return content
  }
}

function decodeEvent(state: AgUiState, event: JsonObject): ChatEvent[] {
  switch (event.type) {
    case "TEXT_MESSAGE_START":
    case "TEXT_MESSAGE_CONTENT":
    case "TEXT_MESSAGE_CHUNK": {
      const messageId = typeof event.messageId === "string" ? event.messageId : state.lastMessageId
      if (messageId === undefined) {
        return [
          problem(state, "PROTOCOL_ERROR", `Skipped a ${event.type} without a messageId.`, event),
        ]
      }
      return text(state, messageId, event.delta)
    }
    case "TEXT_MESSAGE_END":
      return typeof event.messageId === "string" ? closeItem(state, event.messageId) : []
    case "RUN_ERROR":
      return [
        failTurn(
          state,
          serverFailure(typeof event.message === "string" ? event.message : undefined, event),
        ),
        ...finishTurn(state, "error"),
      ]
    case "RUN_FINISHED":
      return [
        ...frontendToolCalls(state),
        ...finishTurn(
          state,
          isObject(event.outcome) && event.outcome.type === "cancelled" ? "cancelled" : "ok",
        ),
      ]
    default:
      // Tool call events; RUN_STARTED, steps, state, reasoning, activity, raw and custom give nothing.
      return decodeToolEvent(state, event)
  }
}

/**
 * Tool calls that ended (their arguments complete) with no result when the run finished: the
 * frontend's to run (AG-UI's frontend tools), answered by a tool message in the next run.
 */
function frontendToolCalls(state: AgUiState): ChatEvent[] {
  const events: ChatEvent[] = []
  for (const itemId of state.argumentsDone) {
    if (!state.open.delete(itemId)) continue
    events.push({
      type: "tool-response-requested",
      agentId: state.agentId,
      runId: state.runId,
      itemId,
      awaiting: "output",
    })
  }
  return events
}

/** The TOOL_CALL_* events; any other event gives nothing. */
function decodeToolEvent(state: AgUiState, event: JsonObject): ChatEvent[] {
  const tool = typeof event.toolCallId === "string" ? state.tools.get(event.toolCallId) : undefined
  switch (event.type) {
    case "TOOL_CALL_START":
      return startTool(state, event)
    case "TOOL_CALL_CHUNK": {
      const events = typeof event.toolCallName === "string" ? startTool(state, event) : []
      const callId = typeof event.toolCallId === "string" ? event.toolCallId : state.lastToolCallId
      const chunked = callId === undefined ? undefined : state.tools.get(callId)
      if (chunked === undefined) return unknownTool(state, event)
      if (typeof event.delta === "string") chunked.args += event.delta
      return events
    }
    case "TOOL_CALL_ARGS":
      if (tool === undefined) return unknownTool(state, event)
      if (typeof event.delta === "string") tool.args += event.delta
      return []
    case "TOOL_CALL_END":
      if (tool === undefined) return unknownTool(state, event)
      state.argumentsDone.add(tool.itemId)
      return [
        updateToolCall(state, tool.itemId, {
          arguments: toArguments(tool.args),
          status: "executing",
        }),
      ]
    case "TOOL_CALL_RESULT":
      if (tool === undefined) return unknownTool(state, event)
      return [
        updateToolCall(state, tool.itemId, {
          arguments: toArguments(tool.args),
          status: "completed",
          result: toolResult(event.content),
        }),
        ...closeItem(state, tool.itemId),
      ]
    default:
      return []
  }
}

function decode(state: AgUiState, message: SSEMessage): ChatEvent[] {
  if (state.finished) return []
  const parsed = parseData(state, "AG-UI", message)
  if ("error" in parsed) return [parsed.error]
  if (!isObject(parsed.value) || typeof parsed.value.type !== "string") {
    return [problem(state, "PROTOCOL_ERROR", "Skipped an AG-UI event without a type.", message)]
  }
  return decodeEvent(state, parsed.value)
}

/** The AG-UI dialect. */
export const agUiDialect: SSEDialect<AgUiState> = {
  ...builtInDialects["ag-ui"],
  encodeRequest: encodeAgUiRequest,
  createState: (context: TurnContext) => ({
    ...createTurnState(context),
    messages: new Set(),
    tools: new Map(),
    argumentsDone: new Set(),
  }),
  decode,
  interrupt: closeAll,
}
