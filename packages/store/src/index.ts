/** The pure reducer every change of chat state goes through, and the empty state. */

/** Binds one adapter to one store: the object the UI calls. */
export { type ChatControllerOptions, createChatController } from "./create-chat-controller.js"
/** Creates one vanilla zustand chat store, optionally persisted. */
export { type CreateChatStoreOptions, createChatStore } from "./create-chat-store.js"
/** When streamed events reach the store: per animation frame, a delay, "sync", or custom. */
export type { FlushSchedule } from "./event-queue.js"
/** Persistence of conversations (options, stored shape, and the check-and-rebuild step). */
export {
  type ChatPersistOptions,
  compactChatState,
  DEFAULT_PERSIST_NAME,
  PERSIST_VERSION,
  type PersistedChatState,
  type PersistedConversation,
  restoreChatState,
} from "./persist.js"
export { initialChatState, reduceChat } from "./reduce-chat.js"
/** Limits of the reducer: unknown items holding early deltas, and the text of one message. */
export { MAX_MESSAGE_TEXT_LENGTH, MAX_PENDING_DELTA_ITEMS } from "./reduce-items.js"
/** Narrow, reference-stable reads of chat state. */
export {
  type ConversationSummary,
  selectActiveConversation,
  selectConversation,
  selectConversationList,
  selectItem,
} from "./selectors.js"
export type {
  ChatAction,
  ChatConnectionStatus,
  ChatController,
  ChatState,
  ChatStore,
  ChatStoreState,
  ConversationState,
  DeletedConversation,
  RunStatus,
  StoreAction,
  TurnMarker,
} from "./types.js"
