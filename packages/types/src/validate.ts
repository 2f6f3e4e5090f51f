/**
 * Checks that a value from the wire has the shape of a {@link ChatResponseItem}, so adapters
 * can report and skip an item that does not fit instead of letting it reach the view.
 */
import { attachmentsProblem } from "./attachments.js"
import { audioProblem } from "./audio.js"
import type { ChatResponseItem, ToolCallStatus } from "./items.js"

/**
 * The longest text one message may grow to (characters). The store refuses deltas past it and
 * streaming adapters stop reading there, both with PAYLOAD_TOO_LARGE: one limit, kept here.
 */
export const MAX_MESSAGE_TEXT_LENGTH = 1_000_000

const roles = new Set(["user", "assistant", "system"])
const toolStatuses: ReadonlySet<ToolCallStatus> = new Set([
  "pending",
  "awaiting-approval",
  "executing",
  "completed",
  "error",
  "cancelled",
])

type Shape = Record<string, unknown>

function isRecord(value: unknown): value is Shape {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === "string"
}

function toolCallProblem(toolCall: unknown): string | undefined {
  if (!isRecord(toolCall)) return "toolCall is not an object"
  if (typeof toolCall.id !== "string") return "toolCall.id is not a string"
  if (typeof toolCall.name !== "string") return "toolCall.name is not a string"
  if (!isRecord(toolCall.arguments)) return "toolCall.arguments is not an object"
  if (!toolStatuses.has(toolCall.status as ToolCallStatus))
    return "toolCall.status is not a known status"
  if (!isOptionalString(toolCall.error)) return "toolCall.error is not a string"
  if (toolCall.progress !== undefined && typeof toolCall.progress !== "number") {
    return "toolCall.progress is not a number"
  }
  if (toolCall.approval !== undefined) {
    const approval = toolCall.approval
    if (!isRecord(approval) || typeof approval.approved !== "boolean")
      return "toolCall.approval is not { approved: boolean }"
    if (!isOptionalString(approval.reason)) return "toolCall.approval.reason is not a string"
  }
  return undefined
}

function cardProblem(card: unknown): string | undefined {
  if (!isRecord(card)) return "card is not an object"
  if (typeof card.id !== "string") return "card.id is not a string"
  if (typeof card.type !== "string") return "card.type is not a string"
  if (!isOptionalString(card.title)) return "card.title is not a string"
  if (!isRecord(card.content)) return "card.content is not an object"
  if (card.actions === undefined) return undefined
  if (!Array.isArray(card.actions)) return "card.actions is not an array"
  for (const action of card.actions) {
    if (!isRecord(action)) return "a card action is not an object"
    if (typeof action.id !== "string" || typeof action.label !== "string") {
      return "a card action lacks a string id or label"
    }
    if (action.type !== "button" && action.type !== "link")
      return "a card action type is not button or link"
    if (typeof action.action !== "string") return "a card action's action is not a string"
    if (action.data !== undefined && !isRecord(action.data))
      return "a card action's data is not an object"
  }
  return undefined
}

/**
 * Why `value` is not a valid item, or `undefined` when it is one. The reason names the
 * first field that does not fit.
 */
export function chatResponseItemProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return "the item is not an object"
  if (typeof value.id !== "string" || value.id === "") return "id is not a non-empty string"
  if (!isOptionalString(value.timestamp)) return "timestamp is not a string"
  switch (value.type) {
    case "message":
      if (typeof value.content !== "string") return "content is not a string"
      if (!roles.has(value.role as string)) return "role is not user, assistant or system"
      if (typeof value.timestamp !== "string") return "timestamp is not a string"
      return attachmentsProblem(value.attachments) ?? audioProblem(value.audio)
    case "tool_call":
      return toolCallProblem(value.toolCall)
    case "card":
      return cardProblem(value.card)
    default:
      return "type is not message, tool_call or card"
  }
}

/** Whether `value` is a valid {@link ChatResponseItem}. */
export function isChatResponseItem(value: unknown): value is ChatResponseItem {
  return chatResponseItemProblem(value) === undefined
}
