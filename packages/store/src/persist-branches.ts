/**
 * The branches and ratings of a conversation as they are stored (version 2 on), and read back.
 * Stored data is checked like the shown items are: a branch point that does not fit is dropped
 * with its alternatives, the shown path stays.
 */
import type { MessageFeedback } from "@aichatkit/network-adapter"
import type { ChatResponseItem } from "@aichatkit/types"
import { chatResponseItemProblem } from "@aichatkit/types"
import { createRecord } from "./chat-draft.js"
import { branchesWithoutAudioData, withoutAudioData } from "./persist-audio.js"
import type { BranchPoint, BranchTail, ConversationState } from "./types.js"

/** How deep stored alternatives may nest: deeper data is not what this app wrote. */
const MAX_DEPTH = 64

/**
 * The conversation's branch points read from stored data: `undefined` when there are none or
 * they do not fit (the caller warns). `seen` holds the ids of the shown items; a stored
 * alternative must not repeat one.
 */
export function restoreBranches(
  stored: unknown,
  seen: ReadonlySet<string>,
): BranchPoint[] | undefined {
  if (stored === undefined) return undefined
  const ids = new Set(seen)
  return readPoints(stored, ids, 0)
}

function readPoints(stored: unknown, ids: Set<string>, depth: number): BranchPoint[] | undefined {
  if (!Array.isArray(stored) || depth > MAX_DEPTH) return undefined
  const points: BranchPoint[] = []
  let previousAt = -1
  for (const candidate of stored) {
    if (typeof candidate !== "object" || candidate === null) return undefined
    const { at, selected, alternatives } = candidate as Record<string, unknown>
    if (!isIndex(at) || at <= previousAt || !isIndex(selected)) return undefined
    if (!Array.isArray(alternatives) || selected >= alternatives.length) return undefined
    previousAt = at
    const tails: (BranchTail | null)[] = []
    for (const [index, alternative] of alternatives.entries()) {
      if (index === selected) {
        if (alternative !== null) return undefined
        tails.push(null)
        continue
      }
      const tail = readTail(alternative, ids, depth)
      if (tail === undefined) return undefined
      tails.push(tail)
    }
    points.push({ at, selected, alternatives: tails })
  }
  return points
}

function readTail(stored: unknown, ids: Set<string>, depth: number): BranchTail | undefined {
  if (typeof stored !== "object" || stored === null) return undefined
  const { items, branches } = stored as Record<string, unknown>
  if (!Array.isArray(items)) return undefined
  for (const item of items) {
    if (chatResponseItemProblem(item) !== undefined) return undefined
    const id = (item as ChatResponseItem).id
    if (ids.has(id)) return undefined
    ids.add(id)
  }
  const nested = readPoints(branches ?? [], ids, depth + 1)
  if (nested === undefined) return undefined
  return { items: (items as ChatResponseItem[]).map(withoutAudioData), branches: nested }
}

/** The stored ratings of items the conversation shows or keeps; anything else is left out. */
export function restoreFeedback(stored: unknown): Record<string, MessageFeedback> | undefined {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return undefined
  const ratings = createRecord<MessageFeedback>()
  let count = 0
  for (const [itemId, value] of Object.entries(stored)) {
    if (value !== "up" && value !== "down") continue
    ratings[itemId] = value
    count += 1
  }
  return count === 0 ? undefined : ratings
}

/** The optional parts of a stored conversation: its branches and ratings, when it has any. */
export function compactBranches(conversation: ConversationState): {
  branches?: BranchPoint[]
  feedback?: Record<string, MessageFeedback>
} {
  const stored: { branches?: BranchPoint[]; feedback?: Record<string, MessageFeedback> } = {}
  if (conversation.branches !== undefined && conversation.branches.length > 0) {
    stored.branches = branchesWithoutAudioData(conversation.branches)
  }
  if (conversation.feedback !== undefined && Object.keys(conversation.feedback).length > 0) {
    stored.feedback = conversation.feedback
  }
  return stored
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0
}
