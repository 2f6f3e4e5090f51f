/**
 * The vanilla zustand store of chat state. Its only writer is `dispatch`, one line around
 * `reduceChat`: an array of actions becomes one state update and one notification.
 */
import { createStore, type StateCreator } from "zustand/vanilla"
import { type ChatPersistOptions, withPersistence } from "./persist.js"
import { initialChatState, reduceChat } from "./reduce-chat.js"
import type { ChatState, ChatStore, ChatStoreState } from "./types.js"

/** Options of {@link createChatStore}. */
export interface CreateChatStoreOptions {
  /** State to start from instead of the empty one (fixtures, server-rendered data). */
  initialState?: Partial<ChatState>
  /**
   * Keeps conversations across reloads through zustand's `persist` (localStorage by default,
   * when there is one). Off by default.
   */
  persist?: ChatPersistOptions | boolean
}

/** Creates one chat store (one per chat on a page: no module-level singleton). */
export function createChatStore(options: CreateChatStoreOptions = {}): ChatStore {
  const initializer: StateCreator<ChatStoreState> = (set) => ({
    ...initialChatState,
    ...options.initialState,
    dispatch: (action) => set((state) => reduceChat(state, action), true),
  })
  if (options.persist === undefined || options.persist === false) return createStore(initializer)
  const persistOptions = options.persist === true ? {} : options.persist
  return createStore(withPersistence(initializer, persistOptions))
}
