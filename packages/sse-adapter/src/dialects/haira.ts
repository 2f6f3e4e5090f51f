/**
 * Haira's `-> stream` workflows: `delta`, `tool_start`/`tool_end`, `tool_render`, `error`,
 * `done` (plus the unnamed legacy events and the JSON fallback `{reply}` / `{error}`).
 */
import { receivedAttachment } from "@aichatkit/network-adapter/agent-files"
import {
  type CardAction,
  type CardItem,
  ChatError,
  type ChatEvent,
  type ChatResponseItem,
  chatResponseItemProblem,
} from "@aichatkit/types"
import type { SSEDialect, SSEMessage, TurnContext } from "../types.js"
import { builtInDialects } from "./built-in.js"
import { agentFileMessage, hairaFile } from "./files.js"
import {
  closeAll,
  closeItem,
  closeMessages,
  createTurnState,
  failTurn,
  finishTurn,
  isDoneSentinel,
  isObject,
  type JsonObject,
  makeItemId,
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

export interface HairaState extends TurnState {
  /** The message deltas go to, until a tool or card interrupts the text. */
  text?: string | undefined
  /** Open tool calls by tool name, oldest first: Haira's `tool_end` names only the tool. */
  tools: Map<string, string[]>
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control characters are invalid in JSON strings; such data goes to JSON.parse.
const plainDeltaPattern = /^\{"delta":"[^"\\\u0000-\u001f]*"\}$/
const DELTA_PREFIX = '{"delta":"'.length

/**
 * The text of `{"delta":"…"}` when nothing in it needs unescaping, read without `JSON.parse`
 * (the hot path: one token per event); `undefined` for anything else. One anchored regex is
 * the fastest check V8 offers here, also on two-byte (emoji) text.
 */
function plainDelta(data: string): string | undefined {
  return plainDeltaPattern.test(data) ? data.slice(DELTA_PREFIX, -2) : undefined
}

const knownEvents = new Set(["delta", "message", "tool_start", "tool_end", "tool_render", "error"])

function appendText(state: HairaState, delta: string): ChatEvent[] {
  if (delta === "") return []
  if (state.text !== undefined && state.open.has(state.text)) {
    return [textDelta(state, state.text, delta)] // the hot path: one more token
  }
  state.text = makeItemId(state, "message")
  return [openMessage(state, state.text), textDelta(state, state.text, delta)]
}

function startTool(state: HairaState, data: JsonObject): ChatEvent[] {
  if (typeof data.tool !== "string" || data.tool === "") {
    return [
      problem(state, "PROTOCOL_ERROR", "Skipped a tool_start event without a tool name.", data),
    ]
  }
  const events = closeMessages(state)
  const itemId = makeItemId(state, "tool")
  const queue = state.tools.get(data.tool) ?? []
  queue.push(itemId)
  state.tools.set(data.tool, queue)
  events.push(
    openToolCall(state, itemId, {
      id: itemId,
      name: data.tool,
      arguments: toArguments(data.args),
      status: "executing",
    }),
  )
  return events
}

function endTool(state: HairaState, data: JsonObject): ChatEvent[] {
  const name = typeof data.tool === "string" ? data.tool : ""
  const itemId = state.tools.get(name)?.shift()
  if (itemId === undefined) {
    return [
      problem(
        state,
        "PROTOCOL_ERROR",
        `Skipped a tool_end event for "${name}": no call of that tool was running.`,
        data,
      ),
    ]
  }
  const failed = data.ok === false
  const patch = failed
    ? {
        status: "error" as const,
        error: typeof data.error === "string" && data.error ? data.error : `${name} failed.`,
      }
    : { status: "completed" as const, ...("result" in data ? { result: data.result } : {}) }
  return [updateToolCall(state, itemId, patch), ...closeItem(state, itemId)]
}

/**
 * A Haira UI component as a card: its type is the component, its content the props, with
 * `props.title` and `props.actions` as the card's own. Callers check it with
 * `chatResponseItemProblem`, so an action list of the wrong shape never reaches the view.
 */
function componentCard(id: string, component: string, props: unknown, timestamp: string): CardItem {
  const { title, actions, ...content } = isObject(props) ? props : {}
  const card: CardItem["card"] = { id, type: component, content }
  if (typeof title === "string") card.title = title
  if (actions !== undefined) card.actions = actions as CardAction[]
  return { id, type: "card", card, timestamp }
}

/** A `tool_render` event as a card item, or as a file the agent sent (`image`, `file`). */
function renderCard(state: HairaState, data: JsonObject): ChatEvent[] {
  if (typeof data.component !== "string" || data.component === "") {
    return [
      problem(state, "PROTOCOL_ERROR", "Skipped a tool_render event without a component.", data),
    ]
  }
  // An image or a file is the agent's attachment (shown like a user's: lazy, with a lightbox).
  const file = hairaFile(data.component, isObject(data.props) ? data.props : {})
  if (file !== undefined) {
    const fileEvents = agentFileMessage(state, makeItemId(state, "file"), file, data)
    // A refused file is only the error: the text before it goes on in the same message.
    return fileEvents[0]?.type === "error" ? fileEvents : [...closeMessages(state), ...fileEvents]
  }
  const itemId = makeItemId(state, "card")
  const item = componentCard(itemId, data.component, data.props, state.now())
  const invalid = chatResponseItemProblem(item)
  if (invalid) {
    return [problem(state, "PROTOCOL_ERROR", `Skipped a tool_render card: ${invalid}.`, data)]
  }
  return [
    ...closeMessages(state),
    { type: "item-added", agentId: state.agentId, runId: state.runId, item },
    { type: "item-done", agentId: state.agentId, runId: state.runId, itemId },
  ]
}

function decode(state: HairaState, message: SSEMessage): ChatEvent[] {
  if (state.finished) return []
  const name = message.event ?? "message"
  if (name === "delta" || name === "message") {
    const text = plainDelta(message.data)
    if (text !== undefined) return appendText(state, text)
  }
  if (name === "done" || isDoneSentinel(message.data)) return finishTurn(state, "ok")
  if (!knownEvents.has(name)) return [] // run_id, step, result, future events: nothing to show
  const parsed = parseData(state, "Haira", message)
  if ("error" in parsed) return [parsed.error]
  const data = parsed.value
  if (!isObject(data)) {
    return [
      problem(
        state,
        "PROTOCOL_ERROR",
        `Skipped a Haira "${name}" event whose data is not an object.`,
        message,
      ),
    ]
  }
  switch (name) {
    case "tool_start":
      return startTool(state, data)
    case "tool_end":
      return endTool(state, data)
    case "tool_render":
      return renderCard(state, data)
    case "error":
      return [failTurn(state, serverFailure(String(data.error ?? data.message ?? ""), data))]
    default: {
      // `delta` as the runtime sends it, `content` as the docs show it.
      const text = typeof data.delta === "string" ? data.delta : data.content
      if (typeof text === "string") return appendText(state, text)
      if (typeof data.error === "string") return [failTurn(state, serverFailure(data.error, data))]
      return [
        problem(
          state,
          "PROTOCOL_ERROR",
          "Skipped a Haira event with neither delta nor content.",
          data,
        ),
      ]
    }
  }
}

function decodeJson(state: HairaState, body: unknown): ChatEvent[] {
  if (isObject(body) && typeof body.reply === "string") {
    const itemId = makeItemId(state, "message")
    return [
      openMessage(state, itemId, body.reply),
      ...closeItem(state, itemId),
      ...finishTurn(state, "ok"),
    ]
  }
  const error =
    isObject(body) && body.error !== undefined
      ? serverFailure(String(body.error), body)
      : {
          code: "PROTOCOL_ERROR" as const,
          message:
            "The server answered JSON with neither reply nor error; check the workflow's URL.",
          retryable: false,
          cause: body,
        }
  return [failTurn(state, error), ...finishTurn(state, "error")]
}

function historyProblem(detail: string): ChatError {
  return new ChatError("PROTOCOL_ERROR", `The chat history could not be read: ${detail}.`, {
    retryable: false,
  })
}

/**
 * Haira's `GET /_api/chats/{id}`: `{ messages: [{ role, content, timestamp, ui_events? }] }`.
 * An `items` array of full items (our demo server adds it) is used as is when present.
 */
function decodeHistory(body: unknown, context: { sessionId: string }): ChatResponseItem[] {
  if (isObject(body) && Array.isArray(body.items)) {
    return body.items.map((item, index) => {
      const invalid = chatResponseItemProblem(item)
      if (invalid) throw historyProblem(`item ${index}: ${invalid}`)
      return item as ChatResponseItem
    })
  }
  const messages = Array.isArray(body) ? body : isObject(body) ? body.messages : undefined
  if (!Array.isArray(messages)) throw historyProblem("the answer has no messages array")
  const items: ChatResponseItem[] = []
  messages.forEach((message: unknown, index) => {
    if (!isObject(message) || typeof message.content !== "string") {
      throw historyProblem(`message ${index} has no text content`)
    }
    const role = message.role === "user" || message.role === "system" ? message.role : "assistant"
    const timestamp =
      typeof message.timestamp === "string" ? message.timestamp : new Date(0).toISOString()
    const id = `${context.sessionId}-${index}`
    if (message.content !== "" || !Array.isArray(message.ui_events)) {
      items.push({ id, type: "message", role, content: message.content, timestamp })
    }
    if (!Array.isArray(message.ui_events)) return
    message.ui_events.forEach((event: unknown, eventIndex) => {
      if (!isObject(event) || typeof event.component !== "string") return // not a component
      const file = hairaFile(event.component, isObject(event.props) ? event.props : {})
      if (file !== undefined) {
        const fileId = `${id}-file-${eventIndex}`
        const attachment = receivedAttachment(`${fileId}-0`, file)
        if ("problem" in attachment) {
          throw historyProblem(`message ${index}'s file ${eventIndex}: ${attachment.problem}`)
        }
        items.push({
          id: fileId,
          type: "message",
          role,
          content: "",
          timestamp,
          attachments: [attachment],
        })
        return
      }
      const card = componentCard(
        `${id}-card-${eventIndex}`,
        event.component,
        event.props,
        timestamp,
      )
      const invalid = chatResponseItemProblem(card)
      if (invalid) throw historyProblem(`message ${index}'s component ${eventIndex}: ${invalid}`)
      items.push(card)
    })
  })
  return items
}

/** The Haira dialect (the default). */
export const hairaDialect: SSEDialect<HairaState> = {
  ...builtInDialects.haira,
  // Files reach Haira as links (the adapter's `upload` option makes them): `attachments`
  // beside the message, `{ name, media_type, url }` each.
  encodeRequest: ({ message, sessionId, attachments }) => ({
    message,
    session_id: sessionId,
    ...(attachments === undefined || attachments.length === 0
      ? {}
      : {
          attachments: attachments.map(({ name, mediaType, url }) => ({
            name,
            media_type: mediaType,
            url,
          })),
        }),
  }),
  createState: (context: TurnContext) => ({ ...createTurnState(context), tools: new Map() }),
  decode,
  interrupt: closeAll,
  decodeJson,
  decodeHistory,
}
