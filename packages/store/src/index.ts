/** Where an item starts alternatives (an edit or a regeneration): what the branch picker shows. */
export { type BranchPosition, selectBranchPosition, selectIsLastAnswer } from "./branches.js"
/** Binds one adapter to one store: the object the UI calls. */
export { type ChatControllerOptions, createChatController } from "./create-chat-controller.js"
/** Creates one vanilla zustand chat store, optionally persisted. */
export { type CreateChatStoreOptions, createChatStore } from "./create-chat-store.js"
/** When streamed events reach the store: per animation frame, a delay, "sync", or custom. */
export type { FlushSchedule } from "./event-queue.js"
/**
 * Persistence's types: what `persist` takes, its options, the stored shape a `migrate` function
 * reads and returns. The code is `chatPersistence()` from `@aichatkit/store/persist`.
 */
export type {
  ChatPersistence,
  ChatPersistOptions,
  PersistedChatState,
  PersistedConversation,
  PersistedFailedVoiceTurn,
  PersistedTurnMarker,
} from "./persist-types.js"
/** The pure reducer every change of chat state goes through, and the empty state. */
export { initialChatState, reduceChat } from "./reduce-chat.js"
/** Narrow, reference-stable reads of chat state. */
export {
  type ConversationSummary,
  selectActiveConversation,
  selectConversation,
  selectConversationList,
  selectItem,
  selectUploads,
} from "./selectors.js"
export type {
  BranchPoint,
  BranchTail,
  ChatAction,
  ChatConnectionStatus,
  ChatController,
  ChatState,
  ChatStore,
  ChatStoreState,
  ConversationState,
  DeletedConversation,
  RunStatus,
  SendOptions,
  StoreAction,
  TurnMarker,
} from "./types.js"
