/**
 * Keeps conversations across reloads through zustand's `persist` middleware: titles, agent ids,
 * items, order and the selected conversation; never connection or run state. Writes are
 * deferred and coalesced, so a streaming answer is serialized once per pause, not per token.
 * Whatever is read back is checked: data that does not fit is dropped with a warning.
 */

import type { ChatResponseItem } from "@aichatkit/types"
import { chatResponseItemProblem } from "@aichatkit/types"
import {
  type PersistOptions,
  type PersistStorage,
  persist,
  type StateStorage,
  type StorageValue,
} from "zustand/middleware"
import type { StateCreator } from "zustand/vanilla"
import { createRecord, ownValue } from "./chat-draft.js"
import { emptyConversation } from "./reduce-store-actions.js"
import type { ChatState, ChatStoreState, ConversationState } from "./types.js"

/** One conversation as it is stored. */
export interface PersistedConversation {
  id: string
  title: string
  agentId?: string
  createdAt: string
  updatedAt: string
  items: ChatResponseItem[]
}

/** Everything that is stored, in list order. */
export interface PersistedChatState {
  conversations: PersistedConversation[]
  activeConversationId?: string
}

/** Options of chat persistence (`createChatStore({ persist })`). */
export interface ChatPersistOptions {
  /** The storage key. Default `"aichatkit-chat"`. */
  name?: string
  /** Where to keep it (anything shaped like `localStorage`). Default `localStorage` when it exists. */
  storage?: StateStorage
  /** The version of the stored shape. Default 1. */
  version?: number
  /** Turns data stored by an older version into the current shape; throw to drop it. */
  migrate?: (
    persistedState: unknown,
    version: number,
  ) => PersistedChatState | Promise<PersistedChatState>
  /**
   * How long to wait for more changes before writing, in ms; 0 writes at once. Default 250.
   * With a delay, nothing is written while an answer streams: the write follows its end.
   */
  writeDelayMs?: number
}

/** The storage key used when none is given. */
export const DEFAULT_PERSIST_NAME = "aichatkit-chat"
/** The current version of {@link PersistedChatState}. */
export const PERSIST_VERSION = 1

/** What `partialize` hands to the storage: references only, compacted when written. */
type PersistedRefs = Pick<ChatState, "conversations" | "conversationOrder" | "activeConversationId">

function warn(message: string, detail?: unknown): void {
  if (detail === undefined) console.warn(`aichatkit: ${message}`)
  else console.warn(`aichatkit: ${message}`, detail)
}

function defaultStorage(): StateStorage | undefined {
  try {
    const storage = (globalThis as { localStorage?: StateStorage }).localStorage
    return storage ?? undefined
  } catch {
    // Some browsers throw on access when storage is disabled.
    return undefined
  }
}

/** The stored form of the referenced conversations. */
export function compactChatState(refs: PersistedRefs): PersistedChatState {
  const conversations = refs.conversationOrder.flatMap((id) => {
    const conversation = refs.conversations[id]
    if (!conversation) return []
    const stored: PersistedConversation = {
      id,
      title: conversation.title,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      items: conversation.itemIds.flatMap((itemId) => conversation.items[itemId] ?? []),
    }
    if (conversation.agentId !== undefined) stored.agentId = conversation.agentId
    return [stored]
  })
  const state: PersistedChatState = { conversations }
  if (refs.activeConversationId !== undefined)
    state.activeConversationId = refs.activeConversationId
  return state
}

/**
 * Chat state rebuilt from stored data, every run idle. Conversations and items that do not
 * fit are dropped, each with a warning; `undefined` when nothing usable is there.
 */
export function restoreChatState(stored: unknown): PersistedRefs | undefined {
  if (stored === undefined || stored === null) return undefined
  const list = (stored as { conversations?: unknown }).conversations
  if (typeof stored !== "object" || !Array.isArray(list)) {
    warn("stored chat data has the wrong shape and was dropped; conversations start empty.")
    return undefined
  }
  const restored: PersistedRefs = { conversations: createRecord(), conversationOrder: [] }
  for (const candidate of list) {
    const conversation = restoreConversation(candidate)
    if (!conversation || ownValue(restored.conversations, conversation.id)) {
      warn("a stored conversation has the wrong shape or a repeated id and was dropped.")
      continue
    }
    restored.conversations[conversation.id] = conversation
    restored.conversationOrder.push(conversation.id)
  }
  const active = (stored as { activeConversationId?: unknown }).activeConversationId
  if (typeof active === "string" && ownValue(restored.conversations, active)) {
    restored.activeConversationId = active
  }
  return restored
}

function restoreConversation(candidate: unknown): ConversationState | undefined {
  if (typeof candidate !== "object" || candidate === null) return undefined
  const { id, title, agentId, createdAt, updatedAt, items } = candidate as Record<string, unknown>
  if (typeof id !== "string" || id === "" || typeof title !== "string") return undefined
  if (typeof createdAt !== "string" || !Array.isArray(items)) return undefined
  if (agentId !== undefined && typeof agentId !== "string") return undefined
  const conversation = emptyConversation(id, title, createdAt, agentId)
  if (typeof updatedAt === "string") conversation.updatedAt = updatedAt
  let dropped = 0
  for (const item of items) {
    const problem = chatResponseItemProblem(item)
    const valid = item as ChatResponseItem
    if (problem !== undefined || ownValue(conversation.items, valid.id)) {
      dropped += 1
      continue
    }
    conversation.items[valid.id] = valid
    conversation.itemIds.push(valid.id)
  }
  if (dropped > 0)
    warn(`dropped ${dropped} stored item(s) of conversation "${title}" that do not fit.`)
  return conversation
}

function isStreaming(refs: PersistedRefs): boolean {
  for (const id of refs.conversationOrder) {
    const status = refs.conversations[id]?.run.status
    if (status === "streaming" || status === "submitted") return true
  }
  return false
}

/** A JSON storage that never throws: bad JSON is dropped with a warning, writes are coalesced. */
function safeJsonStorage(
  storage: StateStorage,
  writeDelayMs: number,
): PersistStorage<PersistedRefs> {
  let pending: { name: string; value: StorageValue<PersistedRefs> } | undefined
  let scheduled = false
  let listening = false
  const write = () => {
    scheduled = false
    if (!pending) return
    const { name, value } = pending
    pending = undefined
    try {
      const stored = { state: compactChatState(value.state), version: value.version }
      const result = storage.setItem(name, JSON.stringify(stored))
      if (result instanceof Promise)
        result.catch((error) => warn("could not save conversations.", error))
    } catch (error) {
      warn("could not save conversations (storage full or unavailable).", error)
    }
  }
  // What is read back is the stored (compact) form; `merge` checks and rebuilds it.
  const parse = (name: string, text: string | null): StorageValue<PersistedRefs> | null => {
    if (text === null) return null
    try {
      const value: unknown = JSON.parse(text)
      if (typeof value === "object" && value !== null && "state" in value) {
        return value as StorageValue<PersistedRefs>
      }
    } catch {
      // Reported below, like any other unreadable value.
    }
    warn(
      `stored chat data under "${name}" is not readable and was dropped; conversations start empty.`,
    )
    Promise.resolve(storage.removeItem(name)).catch(() => undefined)
    return null
  }
  return {
    getItem(name) {
      try {
        const text = storage.getItem(name)
        if (typeof text === "string" || text === null) return parse(name, text)
        return Promise.resolve(text).then((value) => parse(name, value))
      } catch (error) {
        warn("could not read stored conversations; starting empty.", error)
        return null
      }
    },
    setItem(name, value) {
      pending = { name, value }
      if (!listening) {
        listening = true
        // A page going away does not wait for the timer: write what is pending now.
        const target = globalThis as {
          addEventListener?: (type: string, listener: () => void) => void
        }
        target.addEventListener?.("pagehide", write)
      }
      if (writeDelayMs <= 0) write()
      // While an answer streams, serializing the whole history every pause would cost more
      // than it saves: the write waits for the run to end (or the page to go away).
      else if (isStreaming(value.state)) return
      else if (!scheduled) {
        scheduled = true
        setTimeout(write, writeDelayMs)
      }
    },
    removeItem(name) {
      pending = undefined
      return storage.removeItem(name)
    },
  }
}

/** Wraps a chat store initializer in zustand's `persist`; a no-op when there is no storage. */
export function withPersistence(
  initializer: StateCreator<ChatStoreState>,
  options: ChatPersistOptions,
): StateCreator<ChatStoreState> {
  const storage = options.storage ?? defaultStorage()
  if (!storage) return initializer
  const version = options.version ?? PERSIST_VERSION
  const persistOptions: PersistOptions<ChatStoreState, PersistedRefs> = {
    name: options.name ?? DEFAULT_PERSIST_NAME,
    version,
    storage: safeJsonStorage(storage, options.writeDelayMs ?? 250),
    partialize: ({ conversations, conversationOrder, activeConversationId }) =>
      activeConversationId === undefined
        ? { conversations, conversationOrder }
        : { conversations, conversationOrder, activeConversationId },
    migrate: (persisted, storedVersion) =>
      migrateStored(options, version, persisted, storedVersion),
    merge: (persisted, current) => mergeRestored(restoreChatState(persisted), current),
  }
  return persist(initializer, persistOptions) as unknown as StateCreator<ChatStoreState>
}

/**
 * Runs the app's migration of older stored data; without one, or when it fails, the data is
 * dropped with a warning (`merge` then sees `undefined` and keeps the empty state).
 */
function migrateStored(
  options: ChatPersistOptions,
  version: number,
  persisted: unknown,
  storedVersion: number,
): PersistedRefs | Promise<PersistedRefs> {
  // The middleware types these as the partialized refs; what flows here is the stored form.
  const drop = (error?: unknown) => {
    warn(
      `stored chat data of version ${storedVersion} could not be migrated to ${version}; it was dropped.`,
      error,
    )
    return undefined as unknown as PersistedRefs
  }
  if (!options.migrate) return drop()
  try {
    const migrated = options.migrate(persisted, storedVersion)
    if (migrated instanceof Promise) {
      return migrated.then((value) => value as unknown as PersistedRefs, drop)
    }
    return migrated as unknown as PersistedRefs
  } catch (error) {
    return drop(error)
  }
}

function mergeRestored(
  restored: PersistedRefs | undefined,
  current: ChatStoreState,
): ChatStoreState {
  if (!restored) return current
  const extra = current.conversationOrder.filter((id) => !restored.conversations[id])
  const merged: ChatStoreState = {
    ...current,
    conversations: { ...restored.conversations, ...current.conversations },
    conversationOrder: [...extra, ...restored.conversationOrder],
  }
  const active = current.activeConversationId ?? restored.activeConversationId
  if (active !== undefined) merged.activeConversationId = active
  return merged
}
