/**
 * What one store flush changed, per conversation: the items added, changed and removed (by
 * id) and the run's status. Compared by reference, as the store replaces only what changed,
 * so it costs a walk over the conversations and works for any item type.
 */
import type { ChatState } from "@aichatkit/store"

/** The changes of one conversation in one flush. */
export interface ConversationDiff {
  conversationId: string
  agentId?: string
  added: string[]
  changed: string[]
  removed: string[]
  /** `before → after` when the run's status changed. */
  run?: string
}

export type StoreDiff = ConversationDiff[]

export function diffChatState(before: ChatState, after: ChatState): StoreDiff {
  if (before.conversations === after.conversations) return []
  const diffs: StoreDiff = []
  const ids = new Set([...Object.keys(before.conversations), ...Object.keys(after.conversations)])
  for (const conversationId of ids) {
    const old = Object.hasOwn(before.conversations, conversationId)
      ? before.conversations[conversationId]
      : undefined
    const next = Object.hasOwn(after.conversations, conversationId)
      ? after.conversations[conversationId]
      : undefined
    if (old === next) continue
    const diff: ConversationDiff = { conversationId, ...compareItems(old?.items, next?.items) }
    const agentId = next?.agentId ?? old?.agentId
    if (agentId !== undefined) diff.agentId = agentId
    if (old?.run.status !== next?.run.status) {
      diff.run = `${old?.run.status ?? "none"} → ${next?.run.status ?? "none"}`
    }
    const empty = diff.added.length + diff.changed.length + diff.removed.length === 0
    if (!empty || diff.run !== undefined) diffs.push(diff)
  }
  return diffs
}

type Items = Record<string, unknown>

/**
 * The ids added, changed and removed between two item records, in one pass over the new one
 * (no array of entries made, the old ids looked through only when some went): a store flush
 * while a reply streams changes one item of thousands, and this runs on every flush while the
 * panel is open.
 */
function compareItems(
  oldItems: Items = {},
  newItems: Items = {},
): Pick<ConversationDiff, "added" | "changed" | "removed"> {
  const added: string[] = []
  const changed: string[] = []
  const newIds = Object.keys(newItems)
  for (let index = 0; index < newIds.length; index++) {
    const id = newIds[index] as string
    if (!Object.hasOwn(oldItems, id)) added.push(id)
    else if (oldItems[id] !== newItems[id]) changed.push(id)
  }
  // Every old id is still there when as many were kept as there were: no pass over the old ones.
  const oldIds = Object.keys(oldItems)
  const removed =
    oldIds.length === newIds.length - added.length
      ? []
      : oldIds.filter((id) => !Object.hasOwn(newItems, id))
  return { added, changed, removed }
}

/** One line for the timeline: `+a ~b -c run: idle → streaming`. */
export function describeDiff(diff: ConversationDiff): string {
  const parts = [
    ...diff.added.map((id) => `+${id}`),
    ...diff.changed.map((id) => `~${id}`),
    ...diff.removed.map((id) => `-${id}`),
  ]
  if (diff.run !== undefined) parts.push(`run: ${diff.run}`)
  return parts.join(" ")
}
