/**
 * The AI SDK request: the conversation as `UIMessage`s, the way `useChat`'s transport sends
 * it. Tool calls go back as tool parts of the assistant's message, so an answered approval
 * (`approval-responded`) or a browser tool's output (`output-available`) reaches
 * `convertToModelMessages` on the server and the run goes on from there.
 */
import type { ChatResponseItem, ToolCallItem } from "@aichatkit/types"
import type { DialectRequest } from "../types.js"
import { aiSdkFileParts, itemAttachments } from "./files.js"
import type { JsonObject } from "./turn-state.js"

interface UIMessage {
  id: string
  role: string
  parts: JsonObject[]
}

/** A message's `UIMessage` parts: its text (when any) and its files. */
function parts(text: string, attachments: DialectRequest["attachments"]): JsonObject[] {
  return [...(text === "" ? [] : [{ type: "text", text }]), ...aiSdkFileParts(attachments)]
}

/**
 * A tool call as the AI SDK's tool part. The approval's id is the call's own: the SDK only
 * matches a response to the request the same message carries, and both come from this part.
 */
export function toolPart(item: ToolCallItem): JsonObject {
  const { id, name, arguments: input, status, result, error, approval } = item.toolCall
  const base = { type: `tool-${name}`, toolCallId: id, input }
  const answer = approval && {
    id,
    approved: approval.approved,
    ...(approval.reason === undefined ? {} : { reason: approval.reason }),
  }
  switch (status) {
    case "awaiting-approval":
      // Answered and not yet heard back from the server: the answer goes with this request.
      return answer
        ? { ...base, state: "approval-responded", approval: answer }
        : { ...base, state: "approval-requested", approval: { id } }
    case "completed":
      return { ...base, state: "output-available", output: result ?? null }
    case "error":
      return { ...base, state: "output-error", errorText: error ?? "The tool failed." }
    case "cancelled":
      return answer && !answer.approved
        ? { ...base, state: "output-denied", approval: answer }
        : { ...base, state: "output-error", errorText: error ?? "The tool call was cancelled." }
    default:
      return { ...base, state: "input-available" }
  }
}

function toUIMessages(history: readonly ChatResponseItem[]): UIMessage[] {
  const messages: UIMessage[] = []
  for (const item of history) {
    if (item.type === "message") {
      messages.push({
        id: item.id,
        role: item.role,
        parts: parts(item.content, itemAttachments(item)),
      })
    } else if (item.type === "tool_call") {
      const last = messages.at(-1)
      if (last?.role === "assistant") last.parts.push(toolPart(item))
      else messages.push({ id: item.id, role: "assistant", parts: [toolPart(item)] })
    }
  }
  return messages
}

/** The AI SDK's `UIMessage`s for the conversation so far plus the new message and its files. */
export function encodeAiSdkRequest(request: DialectRequest): unknown {
  const messages = toUIMessages(request.history)
  if (request.continuation === true) {
    // The answer to a tool call: the same request `useChat` sends after addToolResult.
    return { id: request.sessionId, messages, trigger: "submit-message" }
  }
  messages.push({
    id: `${request.runId}-user`,
    role: "user",
    parts: parts(request.message, request.attachments),
  })
  return { id: request.sessionId, messages, trigger: "submit-message" }
}
