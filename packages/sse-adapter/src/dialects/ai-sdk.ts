/**
 * The Vercel AI SDK's UI message stream (`toUIMessageStreamResponse()`): JSON chunks in
 * unnamed SSE events, ending with `[DONE]`. Text parts become messages, tool parts
 * tool_call items, reasoning parts cards of type `reasoning`, file parts messages with an
 * attachment (both ways: the user's files go as `file` parts of the request's `UIMessage`).
 */
import type { ChatEvent } from "@aichatkit/types"
import type { SSEDialect, SSEMessage, TurnContext } from "../types.js"
import { encodeAiSdkRequest } from "./ai-sdk-encode.js"
import { approvalRequest, browserToolCalls, ensureTool, toolChunk } from "./ai-sdk-tools.js"
import { builtInDialects } from "./built-in.js"
import { fileMessage } from "./files.js"
import {
  closeAll,
  closeItem,
  createTurnState,
  failTurn,
  finishTurn,
  isDoneSentinel,
  isObject,
  type JsonObject,
  openMessage,
  parseData,
  problem,
  serverFailure,
  type TurnState,
  textDelta,
} from "./turn-state.js"

export interface AiSdkState extends TurnState {
  /** Message item ids by the stream's text part id. */
  texts: Map<string, string>
  /** Reasoning cards by part id, with the text so far. */
  reasoning: Map<string, { itemId: string; text: string }>
  /** Tool call item ids by `toolCallId`. */
  tools: Map<string, string>
  /** Files the agent sent so far (their items' ids count up). */
  files: number
  /** Tool calls whose input is complete and whose output has not come (yet). */
  inputReady: Set<string>
}

function ensureText(state: AiSdkState, partId: string, events: ChatEvent[]): string {
  let itemId = state.texts.get(partId)
  if (itemId === undefined) {
    itemId = `${state.runId}-text-${partId}`
    state.texts.set(partId, itemId)
    events.push(openMessage(state, itemId))
  }
  return itemId
}

function reasoning(state: AiSdkState, chunk: JsonObject, partId: string): ChatEvent[] {
  let part = state.reasoning.get(partId)
  const events: ChatEvent[] = []
  if (part === undefined) {
    part = { itemId: `${state.runId}-reasoning-${partId}`, text: "" }
    state.reasoning.set(partId, part)
    state.open.set(part.itemId, "card")
    events.push({
      type: "item-added",
      agentId: state.agentId,
      runId: state.runId,
      item: {
        id: part.itemId,
        type: "card",
        card: { id: part.itemId, type: "reasoning", title: "Reasoning", content: { text: "" } },
        timestamp: state.now(),
      },
    })
  }
  if (chunk.type === "reasoning-delta" && typeof chunk.delta === "string" && chunk.delta !== "") {
    part.text += chunk.delta
    events.push({
      type: "item-updated",
      agentId: state.agentId,
      runId: state.runId,
      itemId: part.itemId,
      patch: { card: { content: { text: part.text } } },
    })
  }
  if (chunk.type === "reasoning-end") events.push(...closeItem(state, part.itemId))
  return events
}

function decodeChunk(state: AiSdkState, chunk: JsonObject): ChatEvent[] {
  const partId = typeof chunk.id === "string" ? chunk.id : "0"
  switch (chunk.type) {
    case "text-start": {
      const events: ChatEvent[] = []
      ensureText(state, partId, events)
      return events
    }
    case "text-delta": {
      const events: ChatEvent[] = []
      const itemId = ensureText(state, partId, events)
      if (typeof chunk.delta === "string" && chunk.delta !== "") {
        events.push(textDelta(state, itemId, chunk.delta))
      }
      return events
    }
    case "text-end": {
      const itemId = state.texts.get(partId)
      return itemId === undefined ? [] : closeItem(state, itemId)
    }
    case "reasoning-start":
    case "reasoning-delta":
    case "reasoning-end":
      return reasoning(state, chunk, partId)
    case "tool-input-start": {
      const events: ChatEvent[] = []
      return ensureTool(state, chunk, events) === undefined ? toolChunk(state, chunk) : events
    }
    case "tool-input-available":
    case "tool-input-error":
    case "tool-output-available":
    case "tool-output-error":
    case "tool-output-denied":
      return toolChunk(state, chunk)
    case "tool-approval-request":
      return approvalRequest(state, chunk)
    case "file":
      state.files += 1
      return fileMessage(state, chunk, state.files - 1)
    case "error":
      return [failTurn(state, serverFailure(String(chunk.errorText ?? ""), chunk))]
    case "finish":
      return [...browserToolCalls(state), ...finishTurn(state, "ok")]
    case "abort":
      return finishTurn(state, "cancelled")
    default:
      // start, start-step, finish-step, tool-input-delta, sources, files, data-*, metadata
      return []
  }
}

const plainTextDelta =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are invalid in JSON strings; such data goes to JSON.parse.
  /^\{"type":"text-delta","id":"[^"\\\u0000-\u001f]*","delta":"[^"\\\u0000-\u001f]*"\}$/
const ID_AT = '{"type":"text-delta","id":"'.length
const DELTA_AFTER_ID = '","delta":"'.length

/**
 * `text-delta` chunks as `toUIMessageStream` writes them, read with one anchored match
 * instead of `JSON.parse` when nothing in them needs unescaping (the hot path of streaming).
 */
function textDeltaFastPath(state: AiSdkState, data: string): ChatEvent[] | undefined {
  if (!plainTextDelta.test(data)) return undefined
  // The match leaves no quote inside the id: the first one after it ends it.
  const idEnd = data.indexOf('"', ID_AT)
  const partId = data.slice(ID_AT, idEnd)
  const delta = data.slice(idEnd + DELTA_AFTER_ID, -2)
  const itemId = state.texts.get(partId)
  if (itemId !== undefined) return delta === "" ? [] : [textDelta(state, itemId, delta)]
  const events: ChatEvent[] = []
  const opened = ensureText(state, partId, events)
  if (delta !== "") events.push(textDelta(state, opened, delta))
  return events
}

function decode(state: AiSdkState, message: SSEMessage): ChatEvent[] {
  if (state.finished) return []
  if (isDoneSentinel(message.data)) return finishTurn(state, "ok")
  const fast = textDeltaFastPath(state, message.data)
  if (fast) return fast
  const parsed = parseData(state, "AI SDK", message)
  if ("error" in parsed) return [parsed.error]
  if (!isObject(parsed.value) || typeof parsed.value.type !== "string") {
    return [problem(state, "PROTOCOL_ERROR", "Skipped an AI SDK chunk without a type.", message)]
  }
  return decodeChunk(state, parsed.value)
}

/** The AI SDK UI message stream dialect. */
export const aiSdkDialect: SSEDialect<AiSdkState> = {
  ...builtInDialects["ai-sdk"],
  encodeRequest: encodeAiSdkRequest,
  createState: (context: TurnContext) => ({
    ...createTurnState(context, context.answered),
    texts: new Map(),
    reasoning: new Map(),
    tools: new Map(
      context.answered ? [[context.answered.toolCallId, context.answered.itemId]] : [],
    ),
    files: 0,
    inputReady: new Set(),
  }),
  decode,
  interrupt: closeAll,
}
