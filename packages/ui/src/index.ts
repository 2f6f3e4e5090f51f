// Every export is a client component or hook: Next.js (App Router) and other React Server
// Components bundlers must treat this entry as a client boundary. They reject `export *` in a
// client boundary, so every name is listed.
"use client"

export type { ConversationSummary } from "@aichatkit/store"
export type { BrowserTool, BrowserToolContext, BrowserTools } from "./browser-tools.js"
export { ChatInterface, type ChatInterfaceProps } from "./ChatInterface.js"
export { ChatProvider, type ChatProviderProps, type PersistOptions } from "./ChatProvider.js"
export { ChatView, type ChatViewProps } from "./ChatView.js"
export { Composer, type ComposerProps } from "./Composer.js"
export { ConnectionStatus, type ConnectionStatusProps } from "./ConnectionStatus.js"
export { ConversationList, type ConversationListProps } from "./ConversationList.js"
export {
  type CardActionHandler,
  type FeedbackGiven,
  type FeedbackHandler,
  type Renderers,
  useLabels,
} from "./context.js"
export {
  DeletedConversationNotice,
  type DeletedConversationNoticeProps,
} from "./DeletedConversationNotice.js"
export { EmptyState, type EmptyStateProps } from "./EmptyState.js"
export { ErrorBanner, type ErrorBannerProps } from "./ErrorBanner.js"
export {
  type UseChatResult,
  useChat,
  useChatSelector,
  useConnection,
  useConversation,
  useConversationIds,
  useConversations,
  useIsStreaming,
  useIsThinking,
  useItem,
  useItemIds,
  useRunStatus,
  useUploads,
} from "./hooks/store-hooks.js"
export { type Announcement, useAnnouncements } from "./hooks/use-announcements.js"
export { type ComposerBindings, useComposer } from "./hooks/use-composer.js"
export { ItemRenderer, type ItemRendererProps } from "./ItemRenderer.js"
export {
  CardItem,
  type CardItemProps,
  CodeBlock,
  type CodeBlockProps,
  JsonValue,
  type JsonValueProps,
  Markdown,
  type MarkdownProps,
  MessageItem,
  type MessageItemProps,
  preloadMarkdown,
  safeUrl,
  ToolCallItem,
  type ToolCallItemProps,
} from "./items/index.js"
export { defaultLabels, type Labels } from "./labels.js"
export { MessageList, type MessageListProps } from "./MessageList.js"
export { ThinkingIndicator, type ThinkingIndicatorProps } from "./ThinkingIndicator.js"
export { TurnMarker, type TurnMarkerProps } from "./TurnMarker.js"
