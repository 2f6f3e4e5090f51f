/**
 * Pure conversions from what the GraphQL server sends to what the UI uses: `agentEvent`
 * payloads to `ChatEvent`s (item lists: decode-items.ts). Nothing here throws: what does not
 * fit becomes an error value.
 */
import { keepAgentFiles } from "@aichatkit/network-adapter/agent-files"
import {
  type AdapterError,
  type ChatEvent,
  type ChatResponseItem,
  chatResponseItemProblem,
  type ItemPatch,
  isErrorCode,
  type RunFinishStatus,
  type ToolCall,
} from "@aichatkit/types"
import { protocolError } from "./decode-items.js"

// The item lists live in decode-items.ts; decode.js stays the one place callers import from.
export { type DecodedItems, decodeItems, MAX_ITEMS_SIZE } from "./decode-items.js"

/** The event names of the `agentEvent` subscription that the adapter understands. */
export const AGENT_EVENT_NAMES = [
  "subscribed",
  "run-started",
  "item",
  "text-delta",
  "tool-call-update",
  "item-update",
  "item-done",
  "error",
  "done",
] as const

type Fields = Record<string, unknown>

function isRecord(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0
}

const finishStatuses: ReadonlySet<string> = new Set(["ok", "cancelled", "error"])

/** Options of {@link decodeAgentEvent}. */
export interface DecodeAgentEventOptions {
  /** Largest `data` accepted, in characters. */
  maxEventSize: number
}

/**
 * Turns one `agentEvent { name data timestamp }` into the `ChatEvent`s it means. Unknown
 * names give no events (servers may send more than this adapter knows); a known name with
 * data that does not fit gives one `error` event.
 */
export function decodeAgentEvent(
  agentId: string,
  raw: unknown,
  options: DecodeAgentEventOptions = { maxEventSize: 1024 * 1024 },
): ChatEvent[] {
  const read = readEventData(agentId, raw, options)
  if (Array.isArray(read)) return read
  const { name, data } = read
  const scope: { agentId: string; runId?: string } = { agentId }
  if (isId(data.runId)) scope.runId = data.runId
  const bad = (what: string) =>
    eventProblem(agentId, `The streamed "${name}" event ${what}; it was ignored.`, data)
  if (name === "subscribed") return []
  if (name === "run-started") {
    if (!isId(data.runId)) return bad("has no runId")
    return [{ type: "run-started", agentId, runId: data.runId }]
  }
  if (name === "error") return [{ type: "error", ...scope, error: serverError(data) }]
  if (name === "done") return decodeDone(agentId, data, bad)
  return decodeItemEvent(name, data, scope, bad)
}

function eventProblem(agentId: string, message: string, cause?: unknown): ChatEvent[] {
  return [{ type: "error", agentId, error: protocolError(message, cause) }]
}

/** The event's name and its data as an object, or the error events that say why not. */
function readEventData(
  agentId: string,
  raw: unknown,
  options: DecodeAgentEventOptions,
): { name: string; data: Fields } | ChatEvent[] {
  const fail = (message: string, cause?: unknown) => eventProblem(agentId, message, cause)
  if (!isRecord(raw) || typeof raw.name !== "string") {
    return fail("The server sent a streamed event without a name; it was ignored.", raw)
  }
  const name = raw.name
  let data: unknown = raw.data
  if (typeof data === "string") {
    if (data.length > options.maxEventSize) {
      return [
        {
          type: "error",
          agentId,
          error: {
            code: "PAYLOAD_TOO_LARGE",
            message: `The streamed "${name}" event is larger than ${options.maxEventSize} characters and was ignored.`,
            retryable: false,
          },
        },
      ]
    }
    try {
      data = data === "" ? {} : JSON.parse(data)
    } catch (cause) {
      return fail(
        `The data of the streamed "${name}" event is not valid JSON; it was ignored.`,
        cause,
      )
    }
  }
  if (data === undefined || data === null) data = {}
  if (!isRecord(data)) {
    return fail(`The data of the streamed "${name}" event is not an object; it was ignored.`, data)
  }
  return { name, data }
}

/** A `done` event: the run's end, with its status. */
function decodeDone(
  agentId: string,
  data: Fields,
  bad: (what: string) => ChatEvent[],
): ChatEvent[] {
  if (!isId(data.runId)) return bad("has no runId")
  const status = data.status ?? "ok"
  if (typeof status !== "string" || !finishStatuses.has(status)) {
    return bad("has a status other than ok, cancelled or error")
  }
  const finished: ChatEvent = {
    type: "run-finished",
    agentId,
    runId: data.runId,
    status: status as RunFinishStatus,
  }
  if (status === "error") finished.error = serverError(isRecord(data.error) ? data.error : {})
  return [finished]
}

/** The events about one item: added, text, updates, done. Unknown names give nothing. */
function decodeItemEvent(
  name: string,
  data: Fields,
  scope: { agentId: string; runId?: string },
  bad: (what: string) => ChatEvent[],
): ChatEvent[] {
  switch (name) {
    case "item": {
      const problem = chatResponseItemProblem(data.item)
      if (problem !== undefined) return bad(`carries an item whose ${problem}`)
      // The agent's files the chat may not hold (a script URL, a data: page) are left out.
      const { item, problems } = keepAgentFiles(data.item as ChatResponseItem)
      const errors: ChatEvent[] = problems.map((message) => ({
        type: "error",
        ...scope,
        error: protocolError(message),
      }))
      return [...errors, { type: "item-added", ...scope, item }]
    }
    case "text-delta":
      if (!isId(data.itemId) || typeof data.delta !== "string") {
        return bad("needs a string itemId and a string delta")
      }
      return [{ type: "text-delta", ...scope, itemId: data.itemId, delta: data.delta }]
    case "tool-call-update":
      if (!isId(data.itemId) || !isRecord(data.toolCall)) {
        return bad("needs a string itemId and a toolCall object")
      }
      return [
        {
          type: "item-updated",
          ...scope,
          itemId: data.itemId,
          patch: { toolCall: data.toolCall as Partial<ToolCall> },
        },
      ]
    case "item-update": {
      if (!isId(data.itemId) || !isRecord(data.patch)) {
        return bad("needs a string itemId and a patch object")
      }
      const patch = patchOf(data.patch)
      if (patch === undefined) return bad("has a patch with fields of the wrong type")
      return [{ type: "item-updated", ...scope, itemId: data.itemId, patch }]
    }
    case "item-done":
      if (!isId(data.itemId)) return bad("has no itemId")
      return [{ type: "item-done", ...scope, itemId: data.itemId }]
    case "tool-response-requested":
      if (!isId(data.itemId) || (data.awaiting !== "approval" && data.awaiting !== "output")) {
        return bad('needs a string itemId and awaiting "approval" or "output"')
      }
      return [
        { type: "tool-response-requested", ...scope, itemId: data.itemId, awaiting: data.awaiting },
      ]
    default:
      return []
  }
}

function patchOf(value: Fields): ItemPatch | undefined {
  const patch: ItemPatch = {}
  if (value.content !== undefined) {
    if (typeof value.content !== "string") return undefined
    patch.content = value.content
  }
  if (value.toolCall !== undefined) {
    if (!isRecord(value.toolCall)) return undefined
    patch.toolCall = value.toolCall as Partial<ToolCall>
  }
  if (value.card !== undefined) {
    if (!isRecord(value.card)) return undefined
    patch.card = value.card as ItemPatch["card"] & object
  }
  return patch
}

/** An error the server reported in a stream: its message kept, its code when it is ours. */
function serverError(data: Fields): AdapterError {
  const message =
    typeof data.message === "string" && data.message !== ""
      ? data.message
      : "The agent reported an error without saying what; try again."
  return {
    code: isErrorCode(data.code) ? data.code : "SERVER_ERROR",
    message,
    retryable: typeof data.retryable === "boolean" ? data.retryable : true,
  }
}
