/** Checks every rule chat state must keep, after every action of a test. */
import { chatResponseItemProblem } from "@aichatkit/types"
import type { ChatState } from "../types.js"

const runStatuses = new Set(["idle", "submitted", "streaming", "error", "cancelled"])

/** The broken rules of `state` (empty when it is consistent). */
export function invariantViolations(state: ChatState): string[] {
  const problems: string[] = []
  const order = state.conversationOrder
  const ids = Object.keys(state.conversations)
  if (new Set(order).size !== order.length) problems.push("conversationOrder has duplicates")
  if (order.length !== ids.length || !ids.every((id) => order.includes(id))) {
    problems.push("conversationOrder and conversations differ")
  }
  if (
    state.activeConversationId !== undefined &&
    !state.conversations[state.activeConversationId]
  ) {
    problems.push("activeConversationId names no conversation")
  }
  for (const [id, conversation] of Object.entries(state.conversations)) {
    const where = `conversation ${id}`
    if (conversation.id !== id) problems.push(`${where}: id differs from its key`)
    const { itemIds, items } = conversation
    if (new Set(itemIds).size !== itemIds.length) problems.push(`${where}: duplicate item ids`)
    const keys = Object.keys(items)
    if (keys.length !== itemIds.length || !itemIds.every((itemId) => itemId in items)) {
      problems.push(`${where}: itemIds and items differ`)
    }
    for (const [itemId, item] of Object.entries(items)) {
      if (item.id !== itemId) problems.push(`${where}: item ${itemId} has id ${item.id}`)
      const problem = chatResponseItemProblem(item)
      if (problem) problems.push(`${where}: item ${itemId}: ${problem}`)
    }
    for (const itemId of Object.keys(conversation.streamingItemIds)) {
      if (!items[itemId]) problems.push(`${where}: streaming item ${itemId} does not exist`)
    }
    for (const itemId of Object.keys(conversation.pendingDeltas)) {
      if (items[itemId]) problems.push(`${where}: pending deltas kept for existing item ${itemId}`)
    }
    for (const [itemId, offset] of Object.entries(conversation.replayOffsets ?? {})) {
      const item = items[itemId]
      if (!conversation.streamingItemIds[itemId])
        problems.push(`${where}: offset for settled ${itemId}`)
      if (item?.type !== "message" || offset > item.content.length) {
        problems.push(`${where}: replay offset of ${itemId} out of range`)
      }
    }
    if (conversation.pendingUserItemId !== undefined && !items[conversation.pendingUserItemId]) {
      problems.push(`${where}: pendingUserItemId names no item`)
    }
    if (!runStatuses.has(conversation.run.status)) problems.push(`${where}: bad run status`)
    let previousAt = -1
    for (const point of conversation.branches ?? []) {
      if (point.at <= previousAt) problems.push(`${where}: branch points out of order`)
      previousAt = point.at
      point.alternatives.forEach((tail, index) => {
        if ((tail === null) !== (index === point.selected)) {
          problems.push(`${where}: branch at ${point.at}: only the selected alternative is shown`)
        }
        for (const item of tail?.items ?? []) {
          if (item.id in items) problems.push(`${where}: hidden item ${item.id} is also shown`)
        }
      })
    }
    // Items may stream while the run looks finished: a reordered next run's item-added can
    // come before its run-started. Closing items at run-finished is tested on its own.
  }
  return problems
}

/** Freezes a value and everything in it, so a test catches any mutation of its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value
  Object.freeze(value)
  for (const child of Object.values(value)) deepFreeze(child)
  return value
}
