/** The pure reducer every change of chat state goes through, and the empty state. */
export { initialChatState, reduceChat } from "./reduce-chat.js"
/** How many unknown items may hold early text deltas at once. */
export { MAX_PENDING_DELTA_ITEMS } from "./reduce-items.js"
export type {
  ChatAction,
  ChatController,
  ChatState,
  ChatStore,
  ChatStoreState,
  ConversationState,
  RunStatus,
  StoreAction,
} from "./types.js"
