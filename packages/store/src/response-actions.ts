/**
 * Turns the `ChatResponse` that `sendMessage` resolves with into store actions. Items are
 * upserted by id, so a streaming adapter's final response reconciles with what already
 * streamed in (no duplicates), and a seed-style adapter's items land as one batch. `message`
 * is the user's text, kept for `retry` when the turn turns out to have failed.
 */
import { type AdapterError, type ChatResponseItem, chatResponseItemProblem } from "@aichatkit/types"
import type { ChatAction, ConversationState } from "./types.js"

/** The actions that land a response, and the problems found in it. */
export interface ResponseActions {
  actions: ChatAction[]
  problems: AdapterError[]
}

/** The actions that apply `response` to `conversation` (whose agent is `agentId`). */
export function responseActions(
  conversation: ConversationState,
  agentId: string,
  response: unknown,
  message: string,
): ResponseActions {
  const items = (response as { items?: unknown } | null | undefined)?.items
  if (typeof response !== "object" || response === null || !Array.isArray(items)) {
    const error: AdapterError = {
      code: "PROTOCOL_ERROR",
      message: "The server's answer holds no list of items; try sending the message again.",
      retryable: true,
    }
    return {
      actions: [{ type: "run-failed", conversationId: conversation.id, error }],
      problems: [],
    }
  }
  const runId = conversation.run.runId
  const run = runId === undefined ? {} : { runId }
  const actions: ChatAction[] = []
  const problems: AdapterError[] = []
  for (const item of items as unknown[]) {
    const problem = chatResponseItemProblem(item)
    if (problem !== undefined) {
      problems.push({
        code: "PROTOCOL_ERROR",
        message: `The server's answer holds an item that cannot be shown (${problem}); it was skipped.`,
        retryable: false,
      })
      continue
    }
    const valid = item as ChatResponseItem
    actions.push({ type: "item-added", agentId, ...run, item: valid })
    actions.push({ type: "item-done", agentId, ...run, itemId: valid.id })
  }
  actions.push({ type: "run-settled", conversationId: conversation.id })
  // A streamed run that ended in error without the promise rejecting still offers `retry`.
  if (conversation.run.status === "error" && conversation.lastFailedMessage === undefined) {
    const error = conversation.lastError ?? {
      code: "UNKNOWN",
      message: "The answer failed; try sending the message again.",
      retryable: true,
    }
    actions.push({ type: "run-failed", conversationId: conversation.id, error, message })
  }
  return { actions, problems }
}
