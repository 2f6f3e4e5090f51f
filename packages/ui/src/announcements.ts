/**
 * What a conversation's change means to someone who cannot see it: the sentences the
 * announcer speaks when an answer finishes, a tool changes state, a card arrives or the
 * user stops an answer. Pure: state before and after in, sentences out.
 */
import type { ConversationState } from "@aichatkit/store"
import type { ChatResponseItem, ToolCallStatus } from "@aichatkit/types"
import { loadedMarkdown } from "./items/markdown-loader.js"
import type { Labels } from "./labels.js"

/** More items than this arriving at once is a history load, not a reply: not announced. */
const HISTORY_BATCH = 3

/** What the announcer remembers of one conversation between two changes. */
export interface AnnouncerMemory {
  /** Items already seen. */
  known: Set<string>
  /** Messages and cards already announced (or present before the announcer started). */
  announced: Set<string>
  /** The last status of each tool call seen. */
  toolStatus: Map<string, ToolCallStatus>
  /** Messages and cards seen but not announced yet (streaming, or still without text). */
  waiting: Set<string>
}

/** Remembers the conversation as it is now, so only what happens next is announced. */
export function createAnnouncerMemory(conversation?: ConversationState): AnnouncerMemory {
  const memory: AnnouncerMemory = {
    known: new Set(),
    announced: new Set(),
    toolStatus: new Map(),
    waiting: new Set(),
  }
  if (conversation) {
    for (const id of conversation.itemIds) remember(memory, conversation, id)
  }
  return memory
}

/** Item ids come from the wire: looked up as own properties only. */
function ownItem(conversation: ConversationState, id: string): ChatResponseItem | undefined {
  return Object.hasOwn(conversation.items, id) ? conversation.items[id] : undefined
}

function remember(memory: AnnouncerMemory, conversation: ConversationState, id: string) {
  memory.known.add(id)
  const item = ownItem(conversation, id)
  // An answer still streaming is announced when it finishes.
  if (!Object.hasOwn(conversation.streamingItemIds, id)) memory.announced.add(id)
  if (item?.type === "tool_call") memory.toolStatus.set(id, item.toolCall.status)
  noteWaiting(memory, id)
}

/** Keeps `waiting` to the messages and cards seen and not announced yet. */
function noteWaiting(memory: AnnouncerMemory, id: string) {
  if (memory.announced.has(id) || memory.toolStatus.has(id)) memory.waiting.delete(id)
  else memory.waiting.add(id)
}

const toolTemplates: Partial<Record<ToolCallStatus, keyof Labels>> = {
  "awaiting-approval": "announceApprovalNeeded",
  executing: "announceToolRunning",
  completed: "announceToolFinished",
  error: "announceToolFailed",
  cancelled: "announceToolCancelled",
}

/** The sentence for one item, if its change is worth saying. */
function itemAnnouncement(
  memory: AnnouncerMemory,
  conversation: ConversationState,
  id: string,
  item: ChatResponseItem,
  labels: Labels,
): string | undefined {
  if (item.type === "tool_call") {
    const status = item.toolCall.status
    if (memory.toolStatus.get(id) === status) return undefined
    memory.toolStatus.set(id, status)
    const template = toolTemplates[status]
    return template && labels[template].replace("{tool}", item.toolCall.name)
  }
  if (memory.announced.has(id) || Object.hasOwn(conversation.streamingItemIds, id)) {
    return undefined
  }
  if (item.type === "card") {
    memory.announced.add(id)
    return labels.announceCard.replace("{title}", item.card.title || labels.card)
  }
  if (item.role !== "assistant") {
    memory.announced.add(id)
    return undefined
  }
  // The renderer's reading of the markdown once its chunk is there (it is long before an
  // answer finishes streaming); the source as it is otherwise, as the view shows it then.
  const text = loadedMarkdown()?.markdownToSpeech(item.content, labels) ?? item.content.trim()
  if (text === "") return undefined
  memory.announced.add(id)
  return `${labels.announceAssistant} ${text}`
}

/**
 * The items whose change may be worth saying, in the order they stand in the conversation:
 * the ones just added, the ones that just stopped streaming, and the tool calls and waiting
 * messages whose item changed. Nothing else is announced after it was first seen, so a flush
 * of streamed text into a long thread looks at a handful of ids, not at every item.
 */
function changedItems(
  memory: AnnouncerMemory,
  before: ConversationState | undefined,
  next: ConversationState,
  added: readonly string[],
): readonly string[] {
  if (!before) return next.itemIds
  const changed = new Set(added)
  if (next.streamingItemIds !== before.streamingItemIds) {
    for (const id in before.streamingItemIds) {
      if (!Object.hasOwn(next.streamingItemIds, id)) changed.add(id)
    }
  }
  if (next.items !== before.items) {
    for (const ids of [memory.toolStatus.keys(), memory.waiting]) {
      for (const id of ids) if (ownItem(before, id) !== ownItem(next, id)) changed.add(id)
    }
  }
  if (changed.size < 2) return [...changed]
  const position = (id: string) => next.itemIds.indexOf(id)
  return [...changed].sort((a, b) => position(a) - position(b))
}

/**
 * The sentences to announce for the change from `before` to `next`, in the order the items
 * stand in the conversation, then "Stopped" if the user just stopped the answer.
 */
export function conversationAnnouncements(
  memory: AnnouncerMemory,
  before: ConversationState | undefined,
  next: ConversationState,
  labels: Labels,
): string[] {
  if (
    before &&
    next.items === before.items &&
    next.itemIds === before.itemIds &&
    next.streamingItemIds === before.streamingItemIds &&
    next.run.status === before.run.status
  ) {
    return []
  }
  const added =
    before && next.itemIds === before.itemIds
      ? []
      : next.itemIds.filter((id) => !memory.known.has(id))
  if (added.length > HISTORY_BATCH) {
    for (const id of added) remember(memory, next, id)
    return []
  }
  for (const id of added) memory.known.add(id)
  const sentences: string[] = []
  for (const id of changedItems(memory, before, next, added)) {
    const item = ownItem(next, id)
    const sentence = item && itemAnnouncement(memory, next, id, item, labels)
    if (sentence) sentences.push(sentence)
    noteWaiting(memory, id)
  }
  if (next.run.status === "cancelled" && before?.run.status !== "cancelled") {
    sentences.push(labels.announceStopped)
  }
  return sentences
}
