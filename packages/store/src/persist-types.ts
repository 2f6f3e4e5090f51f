/**
 * The shapes of chat persistence, with no code: the root entry exports them as types, so a
 * page that does not persist loads none of `@aichatkit/store/persist`.
 */
import type { MessageFeedback } from "@aichatkit/network-adapter"
import type { AdapterError, ChatResponseItem } from "@aichatkit/types"
import type { StateStorage } from "zustand/middleware"
import type { StateCreator } from "zustand/vanilla"
import type { BranchPoint, ChatStoreState } from "./types.js"

/** A failed turn whose message was a voice message, as it is stored. */
export interface PersistedFailedVoiceTurn {
  /** The id of the item its marker follows (the turn's last item). */
  after: string
  /** Why it failed. */
  error: AdapterError
}

/**
 * A typed message's failed turn (its error and the text Retry sends again) or a stopped
 * answer, as it is stored.
 */
export type PersistedTurnMarker =
  | {
      /** The id of the item its marker follows (the turn's last item). */
      after: string
      status: "failed"
      /** Why it failed. */
      error: AdapterError
      /** The user's text, sent again by Retry. */
      message: string
      /** `false` when the failed run was started by answering a tool call: no Retry after a reload either. */
      retry?: false
    }
  | { after: string; status: "stopped" }

/** One conversation as it is stored. */
export interface PersistedConversation {
  id: string
  title: string
  agentId?: string
  createdAt: string
  updatedAt: string
  items: ChatResponseItem[]
  /** The alternatives left by edits and regenerations (version 2 on). */
  branches?: BranchPoint[]
  /** The user's ratings by item id (version 2 on). */
  feedback?: Record<string, MessageFeedback>
  /**
   * Failed turns whose message was a voice message: its recording is not stored, so restored
   * they say it must be recorded again (version 2 on; a reader that predates it ignores it).
   */
  failedVoiceTurns?: PersistedFailedVoiceTurn[]
  /**
   * Failed turns of typed messages and stopped answers (version 2 on; a reader that predates
   * it ignores it). Restored, a failure that is the conversation's latest turn offers Retry.
   */
  turnMarkers?: PersistedTurnMarker[]
}

/** Everything that is stored, in list order. */
export interface PersistedChatState {
  conversations: PersistedConversation[]
  activeConversationId?: string
}

/** Options of {@link ChatPersistence} (`chatPersistence(options)` from `@aichatkit/store/persist`). */
export interface ChatPersistOptions {
  /** The storage key. Default `"aichatkit-chat"`. */
  name?: string
  /** Where to keep it (anything shaped like `localStorage`). Default `localStorage` when it exists. */
  storage?: StateStorage
  /** The version of the stored shape. Default 2 (`PERSIST_VERSION`). */
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

/**
 * What `chatPersistence()` from `@aichatkit/store/persist` makes, for `createChatStore({ persist })`
 * (and `persist` on `<ChatView>`, `<ChatProvider>`, `<ChatInterface>`). One can serve any
 * number of stores: each gets its own writer.
 */
export interface ChatPersistence {
  /** Wraps a chat store's initializer in zustand's `persist` (called by `createChatStore`). */
  readonly wrapInitializer: (
    initializer: StateCreator<ChatStoreState>,
  ) => StateCreator<ChatStoreState>
}
