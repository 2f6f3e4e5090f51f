export { ApolloAdapter } from "./apollo-adapter.js"
export { AGENT_EVENT_NAMES, decodeAgentEvent, decodeItems } from "./decode.js"
export {
  AGENT_EVENT,
  CHAT_HISTORY,
  CONTINUE_CHAT,
  CREATE_CONVERSATION,
  DELETE_AGENT,
  DELETE_CONVERSATION_HISTORY,
  MODUS_DOCUMENTS,
} from "./documents.js"
export type {
  AgentEventResult,
  ApolloAdapterOptions,
  ChatDocuments,
  ChatOperation,
  ItemsResult,
  OperationInput,
  SubscriptionsOption,
} from "./types.js"
export { DEFAULT_API_URL, MAX_MESSAGE_LENGTH } from "./types.js"
