export type { Attachment, AttachmentToSend } from "./attachments.js"
export {
  attachmentProblem,
  formatBytes,
  isImageAttachment,
  isRenderableAttachmentUrl,
  MAX_ATTACHMENT_BYTES,
} from "./attachments.js"
export type { AudioToSend, MessageAudio } from "./audio.js"
export { audioProblem, MAX_AUDIO_CHUNKS } from "./audio.js"
export type { AdapterError, ErrorCode } from "./errors.js"
export {
  ChatError,
  ERROR_CODES,
  isAdapterError,
  isErrorCode,
  toAdapterError,
  toChatError,
} from "./errors.js"
export type {
  AudioChunkEvent,
  ChatEvent,
  ChatEventType,
  ConnectionChangedEvent,
  ConnectionStatus,
  ErrorEvent,
  ItemAddedEvent,
  ItemDoneEvent,
  ItemPatch,
  ItemUpdatedEvent,
  RunFinishedEvent,
  RunFinishStatus,
  RunStartedEvent,
  TextDeltaEvent,
  ToolCallResponse,
  ToolResponseRequestedEvent,
} from "./events.js"
export { createId } from "./ids.js"
export type {
  Card,
  CardAction,
  CardItem,
  ChatResponse,
  ChatResponseItem,
  ChatResponseItemType,
  Conversation,
  Message,
  MessageItem,
  MessageRole,
  ToolCall,
  ToolCallApproval,
  ToolCallItem,
  ToolCallStatus,
} from "./items.js"
export {
  chatResponseItemProblem,
  isChatResponseItem,
  MAX_MESSAGE_TEXT_LENGTH,
} from "./validate.js"
