/**
 * The items a conversation is made of, as Hypermode ChatKit's `@aichatkit/types` names them.
 * Code written against ChatKit's types compiles against these unchanged.
 */

import type { Attachment } from "./attachments.js"
import type { MessageAudio } from "./audio.js"

/** Who wrote a message. */
export type MessageRole = "user" | "assistant" | "system"

/** A chat message, without its item discriminator (what `getConversationHistory` returns). */
export interface Message {
  id: string
  content: string
  role: MessageRole
  /** ISO 8601 time the message was written. */
  timestamp: string
}

/** A message as an item of a conversation. */
export interface MessageItem extends Message {
  type: "message"
  /** Files and images on the message, in order. */
  attachments?: Attachment[]
  /** Its audio: the agent's spoken answer, or the user's voice message. */
  audio?: MessageAudio
}

/** Where a tool call is in its life. */
export type ToolCallStatus =
  | "pending"
  /** The agent waits for the user to approve or deny the call (`respondToToolCall`). */
  | "awaiting-approval"
  | "executing"
  | "completed"
  | "error"
  | "cancelled"

/** The user's answer to a tool call that asked for approval, kept on the call. */
export interface ToolCallApproval {
  approved: boolean
  /** Why, when the user gave a reason. */
  reason?: string
}

/** A tool (function) the agent called, with its arguments and, once done, its result. */
export interface ToolCall {
  id: string
  name: string
  arguments: Record<string, unknown>
  status: ToolCallStatus
  result?: unknown
  /** Why the call failed, when `status` is `error`. */
  error?: string
  /** Percent done, 0 to 100, when the tool reports it. */
  progress?: number
  /** The user's answer, once a call that asked for approval was approved or denied. */
  approval?: ToolCallApproval
}

/** A tool call as an item of a conversation. */
export interface ToolCallItem {
  id: string
  type: "tool_call"
  toolCall: ToolCall
  timestamp?: string
}

/** A button on a card (`onCardAction` receives it) or a link it opens. */
export interface CardAction {
  id: string
  label: string
  type: "button" | "link"
  /** The action's name for a button; the URL for a link. */
  action: string
  data?: Record<string, unknown>
}

/** Structured content with a type the UI can render specially, and optional actions. */
export interface Card {
  id: string
  /** The renderer key: `renderers.card[type]` draws it when given. */
  type: string
  title?: string
  content: Record<string, unknown>
  actions?: CardAction[]
}

/** A card as an item of a conversation. */
export interface CardItem {
  id: string
  type: "card"
  card: Card
  timestamp?: string
}

/** Anything an agent can put in a conversation. */
export type ChatResponseItem = MessageItem | ToolCallItem | CardItem

/** The kinds of item, by their `type`. */
export type ChatResponseItemType = ChatResponseItem["type"]

/** What `sendMessage` resolves with: the items the turn produced. */
export interface ChatResponse {
  items: ChatResponseItem[]
  conversationId: string
}

/** A conversation as the UI lists it. */
export interface Conversation {
  id: string
  title: string
  messages: Message[]
  items?: ChatResponseItem[]
  /** The adapter's agent behind this conversation, once started. */
  agentId?: string
  isActive?: boolean
}
