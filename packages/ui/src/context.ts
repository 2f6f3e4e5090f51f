import type { MessageFeedback } from "@aichatkit/network-adapter"
import type { ChatController } from "@aichatkit/store"
import type { Card, CardAction, ChatResponseItem } from "@aichatkit/types"
import { type ComponentType, createContext, type ReactNode, useContext } from "react"
import type { BrowserTools } from "./browser-tools.js"
import type { ResolveAttachmentUrl } from "./items/attachment-url.js"
import type { CardItemProps, MessageItemProps, ToolCallItemProps } from "./items/index.js"
import { defaultLabels, type Labels } from "./labels.js"

/** Replacements for the default item components, by item type, tool name and card type. */
export interface Renderers {
  /** Draws every message item instead of the default `MessageItem`. */
  message?: ComponentType<MessageItemProps>
  /** Draws tool calls by tool name (`toolCall.name`). */
  toolCall?: Record<string, ComponentType<ToolCallItemProps>>
  /** Draws cards by card type (`card.type`). */
  card?: Record<string, ComponentType<CardItemProps>>
}

/** A user's thumbs up or down on an answer (`feedback: null` when taken back). */
export interface FeedbackGiven {
  conversationId: string
  itemId: string
  feedback: MessageFeedback | null
  /** The item rated. */
  item: ChatResponseItem
}

/** Called when the user rates an answer. */
export type FeedbackHandler = (feedback: FeedbackGiven) => void

/** Called when the user presses a card's button action. */
export type CardActionHandler = (action: CardAction, card: Card) => void

/** What `ChatProvider` hands down to every part. */
export interface ChatContextValue {
  controller: ChatController
  renderers: Renderers
  labels: Labels
  onCardAction: CardActionHandler | undefined
  userAvatar: ReactNode
  assistantAvatar: ReactNode
  /** The app's handler of ratings, if any. */
  onFeedback?: FeedbackHandler | undefined
  /** Tools the page implements, by the name the agent calls them. */
  tools?: BrowserTools | undefined
  /** The app's hook for attachment URLs (signed URLs), if any. */
  resolveAttachmentUrl?: ResolveAttachmentUrl | undefined
}

export const ChatContext = createContext<ChatContextValue | null>(null)
ChatContext.displayName = "AichatkitChatContext"

/** The provider's value; throws a clear error outside a `ChatProvider`. Internal: the public reads are the hooks. */
export function useChatContext(): ChatContextValue {
  const value = useContext(ChatContext)
  if (value === null) {
    throw new Error(
      "aichatkit: this component or hook must be inside <ChatProvider> (or <ChatView adapter={…}> / <ChatInterface adapter={…}>).",
    )
  }
  return value
}

/** The labels in effect (the defaults outside a provider, so parts render standalone). */
export function useLabels(): Labels {
  return useContext(ChatContext)?.labels ?? defaultLabels
}
