/**
 * Turns the `ChatResponse` that `sendMessage` resolves with into store actions. Items are
 * upserted by id, so a streaming adapter's final response reconciles with what already
 * streamed in (no duplicates), and a seed-style adapter's items land as one batch. A run that
 * failed is marked so by the reducer (see `markFailedTurn`), whether its send resolved or not.
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
  // A run that streams ends with its own `run-finished`: the adapter may resolve the send as
  // soon as the server took the message, and the run may still fail.
  if (conversation.run.status !== "streaming")
    actions.push({ type: "run-settled", conversationId: conversation.id })
  return { actions, problems }
}
