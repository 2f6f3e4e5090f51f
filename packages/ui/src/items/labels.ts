/**
 * The strings the item components (messages, tool calls, cards) read. Internal: the public
 * label set is `Labels` (`../labels.ts`), which extends this, so one `labels` prop translates
 * the whole chat and the item components take a `Partial<Labels>` too.
 */
import type { MessageRole, ToolCallStatus } from "@aichatkit/types"

/** The strings of `MessageItem`, `Markdown`, `ToolCallItem` and `CardItem`. */
export interface ItemLabels {
  /** Accessible names of messages by author. */
  roleUser: string
  roleAssistant: string
  roleSystem: string
  /** Announced while a message is still being written. */
  streaming: string
  /** The copy button of a code block. */
  copyCode: string
  /** The copy button's text after a successful copy. */
  copied: string
  /** The copy button's text when the clipboard refused the write. */
  copyFailed: string
  /** The label of a code block without a language. */
  codeLanguageNone: string
  /** The accessible name of a task-list checkbox that is ticked / not ticked. */
  taskDone: string
  taskOpen: string
  /** The accessible name of a tool call (the tool's name follows). */
  toolCall: string
  /** Tool status badges. */
  toolPending: string
  toolExecuting: string
  toolCompleted: string
  toolError: string
  toolCancelled: string
  /** The badge of a tool call that waits for the user's approval. */
  toolAwaitingApproval: string
  /** The buttons that answer a tool call asking for approval. */
  approveTool: string
  denyTool: string
  /** The optional reason field beside Deny. */
  denyReason: string
  /** Announced once when a tool call asks for approval (`{tool}` is the tool's name). */
  announceApprovalNeeded: string
  /** Shown on a call the user approved / denied. */
  toolApproved: string
  toolDenied: string
  /** The collapsible section with the tool's arguments. */
  arguments: string
  /** The collapsible section with the tool's result. */
  result: string
  /** The accessible name of a tool's progress bar. */
  progress: string
  /** Heading of the error message of a failed tool call. */
  toolErrorMessage: string
  /** The accessible name of a card without a title. */
  card: string
  /** Shown for a card whose content is empty. */
  cardEmpty: string
  /** The explanation beside a link action whose URL is not http(s) or mailto. */
  unsafeLink: string
  /** The accessible name of a card's action group. */
  cardActions: string
  /** Above text shown as written because its formatting is too large or too deeply nested. */
  plainTextNotice: string
  /** Shown in place of an item that failed to display (its text follows, when it has any). */
  itemFailed: string
  /** Text for an empty list or a missing value in card content. */
  emptyValue: string
  /** Text for a value that cannot be shown (a function, a symbol, a cycle). */
  unrenderableValue: string
  /** How an announcement reads a one-line code block. */
  announceCodeBlockLine: string
  /** How an announcement reads a longer code block (`{count}` is its number of lines). */
  announceCodeBlockLines: string
}

/** The English defaults. */
export const defaultItemLabels: ItemLabels = {
  roleUser: "You",
  roleAssistant: "Assistant",
  roleSystem: "System",
  streaming: "Writing…",
  copyCode: "Copy code",
  copied: "Copied",
  copyFailed: "Copy failed",
  codeLanguageNone: "text",
  taskDone: "Done",
  taskOpen: "Not done",
  toolCall: "Tool call",
  toolPending: "Pending",
  toolExecuting: "Running",
  toolCompleted: "Completed",
  toolError: "Failed",
  toolCancelled: "Cancelled",
  toolAwaitingApproval: "Needs your approval",
  approveTool: "Approve",
  denyTool: "Deny",
  denyReason: "Reason (optional)",
  announceApprovalNeeded: "{tool} needs your approval",
  toolApproved: "You approved this call.",
  toolDenied: "You denied this call.",
  arguments: "Arguments",
  result: "Result",
  progress: "Progress",
  toolErrorMessage: "Error",
  card: "Card",
  cardEmpty: "No content",
  unsafeLink: "This link was blocked because its address is not http, https or mailto.",
  cardActions: "Actions",
  plainTextNotice:
    "Shown as plain text: its formatting is too large or too deeply nested to display.",
  itemFailed: "This item could not be displayed.",
  emptyValue: "—",
  unrenderableValue: "(cannot be shown)",
  announceCodeBlockLine: "code block, 1 line",
  announceCodeBlockLines: "code block, {count} lines",
}

/** The label of a message's author. */
export function roleLabel(labels: ItemLabels, role: MessageRole): string {
  if (role === "user") return labels.roleUser
  if (role === "assistant") return labels.roleAssistant
  return labels.roleSystem
}

/** The badge text of a tool status. */
export function toolStatusLabel(labels: ItemLabels, status: ToolCallStatus): string {
  switch (status) {
    case "pending":
      return labels.toolPending
    case "awaiting-approval":
      return labels.toolAwaitingApproval
    case "executing":
      return labels.toolExecuting
    case "completed":
      return labels.toolCompleted
    case "error":
      return labels.toolError
    case "cancelled":
      return labels.toolCancelled
  }
}

/** Merges a partial `labels` prop over the defaults (stable when `labels` is undefined). */
export function resolveItemLabels(labels: Partial<ItemLabels> | undefined): ItemLabels {
  return labels === undefined ? defaultItemLabels : { ...defaultItemLabels, ...labels }
}
