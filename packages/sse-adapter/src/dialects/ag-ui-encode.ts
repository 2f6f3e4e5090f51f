/**
 * AG-UI's `RunAgentInput`: the thread, the run and the messages so far. Tool calls go back as
 * the assistant's `toolCalls` and their results as `tool` messages: AG-UI's human-in-the-loop
 * pattern, where the frontend answers a tool call with a tool message in the next run.
 */
import type { ChatResponseItem, ToolCallItem } from "@aichatkit/types"
import type { DialectRequest } from "../types.js"
import { agUiContent } from "./files.js"

/** A call's result as a tool message's text (AG-UI's content is a string). */
function resultText(value: unknown): string {
  if (typeof value === "string") return value
  try {
    return JSON.stringify(value ?? null)
  } catch {
    return String(value)
  }
}

/** The tool message answering a call, once it has an answer. */
function toolMessage(item: ToolCallItem): unknown[] {
  const { id, status, result, error } = item.toolCall
  if (status === "completed") {
    return [{ id: `${item.id}-result`, role: "tool", toolCallId: id, content: resultText(result) }]
  }
  if (status === "error" || status === "cancelled") {
    const text = error ?? "The tool call was cancelled."
    return [{ id: `${item.id}-result`, role: "tool", toolCallId: id, content: text, error: text }]
  }
  return []
}

function historyMessages(item: ChatResponseItem): unknown[] {
  if (item.type === "message") {
    return [{ id: item.id, role: item.role, content: agUiContent(item.content, item.attachments) }]
  }
  if (item.type !== "tool_call") return []
  const { id, name, arguments: args } = item.toolCall
  return [
    {
      id: item.id,
      role: "assistant",
      toolCalls: [{ id, type: "function", function: { name, arguments: JSON.stringify(args) } }],
    },
    ...toolMessage(item),
  ]
}

/** The request of a turn; a continuation (a tool's answer) adds no user message. */
export function encodeAgUiRequest(request: DialectRequest): unknown {
  const messages = request.history.flatMap(historyMessages)
  if (request.continuation !== true) {
    messages.push({
      id: `${request.runId}-user`,
      role: "user",
      content: agUiContent(request.message, request.attachments),
    })
  }
  return {
    threadId: request.sessionId,
    runId: request.runId,
    state: {},
    messages,
    tools: [],
    context: [],
    forwardedProps: {},
  }
}
