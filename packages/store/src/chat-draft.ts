/**
 * Copy-on-write access to chat state while one batch of actions is reduced. Each object on
 * the path to a change is copied the first time the batch writes to it and mutated in place
 * after that, so a batch of 1,000 deltas into a 10,000-item conversation copies the items
 * record once, not 1,000 times. Objects the batch never writes keep their identity.
 */
import type { ChatResponseItem } from "@aichatkit/types"
import type { ChatState, ConversationState } from "./types.js"

/** Working state of one `reduceChat` call; `state` is the result when the batch ends. */
export class ChatDraft<S extends ChatState> {
  state: S
  /** Copies made by this batch: safe to mutate, nobody else holds them yet. */
  readonly #owned = new WeakSet<object>()
  #lastAgentId: string | undefined
  #lastConversationId: string | undefined

  constructor(base: S) {
    this.state = base
  }

  /** The conversation whose agent is `agentId`, if any (cached for runs of the same agent). */
  conversationIdForAgent(agentId: unknown): string | undefined {
    if (typeof agentId !== "string") return undefined
    const conversations = this.state.conversations
    if (agentId === this.#lastAgentId && this.#lastConversationId !== undefined) {
      if (conversations[this.#lastConversationId]?.agentId === agentId) {
        return this.#lastConversationId
      }
    }
    for (const id of this.state.conversationOrder) {
      if (conversations[id]?.agentId === agentId) {
        this.#lastAgentId = agentId
        this.#lastConversationId = id
        return id
      }
    }
    return undefined
  }

  /** The current (read-only) form of a conversation. */
  read(conversationId: string): ConversationState | undefined {
    return this.state.conversations[conversationId]
  }

  /** The root state, writable. */
  root(): S {
    this.state = this.#own(this.state)
    return this.state
  }

  /** The conversations record, writable. */
  conversations(): Record<string, ConversationState> {
    const root = this.root()
    root.conversations = this.#own(root.conversations)
    return root.conversations
  }

  /** One conversation, writable (it must exist). */
  conversation(conversationId: string): ConversationState {
    const all = this.conversations()
    const writable = this.#own(all[conversationId] as ConversationState)
    all[conversationId] = writable
    return writable
  }

  /** A conversation's items record, writable. */
  items(conversationId: string): Record<string, ChatResponseItem> {
    const conversation = this.conversation(conversationId)
    if (!this.#owned.has(conversation.items)) {
      conversation.items = this.adopt(copyItems(conversation.items, conversation.itemIds))
    }
    return conversation.items
  }

  /** One item, writable (it must exist). */
  item(conversationId: string, itemId: string): ChatResponseItem {
    const items = this.items(conversationId)
    const writable = this.#own(items[itemId] as ChatResponseItem)
    items[itemId] = writable
    return writable
  }

  /** A conversation's item order, writable. */
  itemIds(conversationId: string): string[] {
    const conversation = this.conversation(conversationId)
    conversation.itemIds = this.#own(conversation.itemIds)
    return conversation.itemIds
  }

  /** A conversation's streaming set, writable. */
  streaming(conversationId: string): Record<string, true> {
    const conversation = this.conversation(conversationId)
    conversation.streamingItemIds = this.#own(conversation.streamingItemIds)
    return conversation.streamingItemIds
  }

  /** A conversation's early deltas, writable. */
  pendingDeltas(conversationId: string): Record<string, string> {
    const conversation = this.conversation(conversationId)
    conversation.pendingDeltas = this.#own(conversation.pendingDeltas)
    return conversation.pendingDeltas
  }

  /** A conversation's replay offsets, writable (created when absent). */
  replayOffsets(conversationId: string): Record<string, number> {
    const conversation = this.conversation(conversationId)
    conversation.replayOffsets = this.#own(conversation.replayOffsets ?? createRecord<number>())
    return conversation.replayOffsets
  }

  /** The conversation order, writable. */
  conversationOrder(): string[] {
    const root = this.root()
    root.conversationOrder = this.#own(root.conversationOrder)
    return root.conversationOrder
  }

  /** Marks a freshly built object as owned, so later writes in the batch mutate it. */
  adopt<T extends object>(value: T): T {
    this.#owned.add(value)
    return value
  }

  #own<T extends object>(value: T): T {
    if (this.#owned.has(value)) return value
    const copy = (Array.isArray(value) ? value.slice() : copyRecord(value)) as T
    this.#owned.add(copy)
    return copy
  }
}

/**
 * An empty record without a prototype. Its keys are ids from the wire: on a plain object an
 * item id `"__proto__"` would set the prototype and `"constructor"` would read as present.
 */
export function createRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/** The value of `record`'s own property `key`, never one inherited from a prototype. */
export function ownValue<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined
}

/**
 * A shallow copy of a plain record. A `for…in` loop copies large records (10,000 items) about
 * three times faster than a spread in V8, and this copy is the cost of every batch.
 */
function copyRecord(value: object): object {
  const source = value as Record<string, unknown>
  const copy = createRecord<unknown>()
  for (const key in source) copy[key] = source[key]
  return copy
}

/**
 * A copy of an items record by its known keys. Enumerating a 10,000-key record is half the
 * cost of copying it; `itemIds` already lists exactly its keys (the reducer keeps them equal),
 * and ids pushed to `itemIds` earlier in the same batch are skipped until their item is set.
 */
function copyItems(
  items: Record<string, ChatResponseItem>,
  itemIds: readonly string[],
): Record<string, ChatResponseItem> {
  const copy = createRecord<ChatResponseItem>()
  for (let index = 0; index < itemIds.length; index += 1) {
    const id = itemIds[index] as string
    const item = items[id]
    if (item !== undefined) copy[id] = item
  }
  return copy
}
