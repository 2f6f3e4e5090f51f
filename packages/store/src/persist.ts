/**
 * Keeps conversations across reloads through zustand's `persist` middleware: titles, agent ids,
 * items, order and the selected conversation; never connection or run state, except the
 * turns that failed or were stopped (see persist-turns.ts). Writes are
 * deferred and coalesced, so a streaming answer is serialized once per pause, not per token.
 * Whatever is read back is checked: data that does not fit is dropped with a warning.
 */

import type { ChatResponseItem } from "@aichatkit/types"
import { chatResponseItemProblem } from "@aichatkit/types"
import { type PersistOptions, persist, type StateStorage } from "zustand/middleware"
import type { StateCreator } from "zustand/vanilla"
import { createRecord, ownValue } from "./chat-draft.js"
import { withoutAudioData } from "./persist-audio.js"
import { compactBranches, restoreBranches, restoreFeedback } from "./persist-branches.js"
import { type PersistChannel, safeJsonStorage, warn } from "./persist-storage.js"
import { compactTurnMarkers, restoreTurnMarkers, type StoredTurns } from "./persist-turns.js"
import type {
  ChatPersistence,
  ChatPersistOptions,
  PersistedChatState,
  PersistedConversation,
} from "./persist-types.js"
import { emptyConversation } from "./reduce-store-actions.js"
import type { ChatState, ChatStoreState, ConversationState } from "./types.js"

/** The storage key used when none is given. */
export const DEFAULT_PERSIST_NAME = "aichatkit-chat"
/**
 * The current version of {@link PersistedChatState}. 2: conversations keep their `branches`
 * and `feedback`; data of versions 0 and 1 (the same shape without them) is read as it is.
 */
export const PERSIST_VERSION = 2

/** What `partialize` hands to the storage: references only, compacted when written. */
export type PersistedRefs = Pick<
  ChatState,
  "conversations" | "conversationOrder" | "activeConversationId"
>

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
      // Audio chunks stay in memory only (see persist-audio.ts).
      items: conversation.itemIds.flatMap((itemId) => {
        const item = conversation.items[itemId]
        return item === undefined ? [] : [withoutAudioData(item)]
      }),
      ...compactBranches(conversation),
      ...compactTurnMarkers(conversation),
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
 * Chat state rebuilt from stored data, every run idle but one whose latest turn failed (so it
 * can be retried, see persist-turns.ts). Conversations and items that do not
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
  const { id, title, agentId, createdAt, updatedAt, items, branches, feedback } =
    candidate as Record<string, unknown>
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
    // Data stored before audio was left out has its chunks: they go now, as on the next write.
    conversation.items[valid.id] = withoutAudioData(valid)
    conversation.itemIds.push(valid.id)
  }
  if (dropped > 0)
    warn(`dropped ${dropped} stored item(s) of conversation "${title}" that do not fit.`)
  const restoredBranches = restoreBranches(branches, new Set(conversation.itemIds))
  if (restoredBranches !== undefined && restoredBranches.length > 0) {
    conversation.branches = restoredBranches
  } else if (branches !== undefined && restoredBranches === undefined) {
    warn(`dropped the other branches of conversation "${title}": they do not fit.`)
  }
  const ratings = restoreFeedback(feedback)
  if (ratings !== undefined) conversation.feedback = ratings
  const stored = candidate as Record<string, unknown>
  const turns: StoredTurns = {
    failedVoiceTurns: ownValue(stored, "failedVoiceTurns"),
    turnMarkers: ownValue(stored, "turnMarkers"),
  }
  const droppedMarkers = restoreTurnMarkers(turns, conversation)
  if (droppedMarkers > 0)
    warn(
      `dropped ${droppedMarkers} stored turn marker(s) of conversation "${title}" that do not fit.`,
    )
  return conversation
}

/**
 * Keeps conversations across reloads: pass the result as `persist` to `createChatStore` (or to
 * `<ChatView>`, `<ChatProvider>`, `<ChatInterface>`). localStorage by default, when there is one.
 */
export function chatPersistence(options: ChatPersistOptions = {}): ChatPersistence {
  return { wrapInitializer: (initializer) => withPersistence(initializer, options) }
}

/** Wraps a chat store initializer in zustand's `persist`; a no-op when there is no storage. */
function withPersistence(
  initializer: StateCreator<ChatStoreState>,
  options: ChatPersistOptions,
): StateCreator<ChatStoreState> {
  const storage = options.storage ?? defaultStorage()
  if (!storage) return initializer
  const version = options.version ?? PERSIST_VERSION
  const channel: PersistChannel = { locked: false, report: () => undefined }
  // Storage problems reach the user as the store's adapter-wide error (the error banner).
  // Deferred: a write runs inside a state update, and must not dispatch in the middle of it.
  const reporting: StateCreator<ChatStoreState> = (set, get, api) => {
    channel.report = (error) => queueMicrotask(() => get().dispatch({ type: "error", error }))
    return initializer(set, get, api)
  }
  const persistOptions: PersistOptions<ChatStoreState, PersistedRefs> = {
    name: options.name ?? DEFAULT_PERSIST_NAME,
    version,
    storage: safeJsonStorage(storage, options.writeDelayMs ?? 250, channel, version),
    partialize: ({ conversations, conversationOrder, activeConversationId }) =>
      activeConversationId === undefined
        ? { conversations, conversationOrder }
        : { conversations, conversationOrder, activeConversationId },
    migrate: (persisted, storedVersion) =>
      migrateStored(options, channel, version, persisted, storedVersion),
    merge: (persisted, current) => mergeRestored(restoreChatState(persisted), current),
  }
  return persist(reporting, persistOptions) as unknown as StateCreator<ChatStoreState>
}

/**
 * Brings data of another version to this one. Older data goes through the app's `migrate`,
 * or is read as it is without one (the stored shape has not changed since version 0). Data of
 * a newer version, or that `migrate` failed on, is left alone: this session starts empty,
 * nothing is written over it, and the user is told.
 */
function migrateStored(
  options: ChatPersistOptions,
  channel: PersistChannel,
  version: number,
  persisted: unknown,
  storedVersion: number,
): PersistedRefs | Promise<PersistedRefs> {
  // The middleware types these as the partialized refs; what flows here is the stored form.
  const leaveAlone = (reason: string, error?: unknown) => {
    warn(`stored chat data of version ${storedVersion} ${reason}; it is left as it is.`, error)
    channel.locked = true
    channel.report({
      code: "STORAGE_ERROR",
      message: `Saved conversations are from ${storedVersion > version ? "a newer" : "another"} version of this app and could not be opened; they are kept untouched, and this session's conversations will not be saved.`,
      retryable: false,
    })
    return undefined as unknown as PersistedRefs
  }
  if (storedVersion > version) return leaveAlone(`is newer than this app's (${version})`)
  if (!options.migrate) return migrateBuiltIn(persisted, storedVersion)
  try {
    const migrated = options.migrate(persisted, storedVersion)
    if (migrated instanceof Promise) {
      return migrated.then(
        (value) => value as unknown as PersistedRefs,
        (error: unknown) => leaveAlone(`could not be migrated to ${version}`, error),
      )
    }
    return migrated as unknown as PersistedRefs
  } catch (error) {
    return leaveAlone(`could not be migrated to ${version}`, error)
  }
}

/**
 * This library's own steps between stored versions. 0 and 1 → 2: a conversation gains the
 * optional `branches` and `feedback`, so older data is already a version 2 conversation
 * without alternatives or ratings; the next version that changes the shape converts here.
 */
function migrateBuiltIn(persisted: unknown, _storedVersion: number): PersistedRefs {
  return persisted as PersistedRefs
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
