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
