/**
 * The vanilla zustand store of chat state. Its only writer is `dispatch`, one line around
 * `reduceChat`: an array of actions becomes one state update and one notification.
 */
import { createStore, type StateCreator } from "zustand/vanilla"
import type { ChatPersistence } from "./persist-types.js"
import { initialChatState, reduceChat } from "./reduce-chat.js"
import type { ChatState, ChatStore, ChatStoreState } from "./types.js"

/** Options of {@link createChatStore}. */
export interface CreateChatStoreOptions {
  /** State to start from instead of the empty one (fixtures, server-rendered data). */
  initialState?: Partial<ChatState>
  /**
   * Keeps conversations across reloads: `chatPersistence(options)` from
   * `@aichatkit/store/persist` (zustand's `persist`, localStorage by default). Off by default,
   * and then none of its code is loaded.
   */
  persist?: ChatPersistence | false | undefined
}

/**
 * What `persist` must be, for a caller still passing `true` or an options object (the form
 * before persistence moved to its own entry point): a type error in TypeScript, this in JS.
 */
function checkPersistence(persist: unknown): asserts persist is ChatPersistence {
  const wrap = (persist as { wrapInitializer?: unknown } | null)?.wrapInitializer
  if (typeof wrap === "function") return
  throw new TypeError(
    'aichatkit: `persist` takes what `chatPersistence()` makes, imported from the "@aichatkit/store/persist" entry point: `persist: chatPersistence({ name: "my-chat" })`. (`persist: true` and an options object are no longer read, so that pages that do not persist load none of its code.)',
  )
}

/** Creates one chat store (one per chat on a page: no module-level singleton). */
export function createChatStore(options: CreateChatStoreOptions = {}): ChatStore {
  const initializer: StateCreator<ChatStoreState> = (set) => ({
    ...initialChatState,
    ...options.initialState,
    dispatch: (action) => set((state) => reduceChat(state, action), true),
  })
  const { persist } = options
  if (persist === undefined || persist === false) return createStore(initializer)
  checkPersistence(persist)
  return createStore(persist.wrapInitializer(initializer))
}
