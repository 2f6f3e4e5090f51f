/**
 * `@aichatkit/store/persist`: conversations kept across reloads. Its own entry, so a page that
 * does not persist loads none of it (nor zustand's `persist` middleware).
 */
export { chatPersistence, DEFAULT_PERSIST_NAME, PERSIST_VERSION } from "./persist.js"
export type {
  ChatPersistence,
  ChatPersistOptions,
  PersistedChatState,
  PersistedConversation,
} from "./persist-types.js"
