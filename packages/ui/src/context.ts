import type { ChatController } from "@aichatkit/store"
import type { Card, CardAction } from "@aichatkit/types"
import { type ComponentType, createContext, type ReactNode, useContext } from "react"
import type { BrowserTools } from "./browser-tools.js"
import type { ResolveAttachmentUrl } from "./items/Attachments.js"
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
