import { forwardRef, type ReactNode, type Ref, useContext } from "react"
import { ChatProvider, type ChatProviderOptions, splitProviderOptions } from "./ChatProvider.js"
import { Composer } from "./Composer.js"
import { ConnectionStatus } from "./ConnectionStatus.js"
import { cx } from "./class-names.js"
import { ChatContext, useChatContext } from "./context.js"
import { EmptyState } from "./EmptyState.js"
import { ErrorBanner } from "./ErrorBanner.js"
import { useChat } from "./hooks/store-hooks.js"
import type { AttachmentLimits } from "./hooks/use-attachment-draft.js"
import { HeadingLevelContext } from "./items/heading-level.js"
import { MessageList } from "./MessageList.js"
import { settle } from "./settle.js"

/** Props of {@link ChatView}'s layout, inside or outside a provider (not exported: `ChatViewProps` holds them). */
export interface ChatViewLayoutProps {
  /** The conversation to show (the active one by default). */
  conversationId?: string | undefined
  /** The header's title (defaults to `labels.title`); `null` hides the header. */
  title?: ReactNode
  /** The level of the header's heading (default 2); headings in answers render below it. */
  headingLevel?: 1 | 2 | 3 | 4 | 5 | undefined
  /** Extra content at the end of the header (buttons, a model picker). */
  headerContent?: ReactNode
  /** The composer's placeholder. */
  placeholder?: string | undefined
  /** Prompts offered while the conversation is empty. */
  suggestions?: readonly string[] | undefined
  /** Virtualize the list above this many items. */
  virtualizeAbove?: number | undefined
  /** Focus the composer on mount. */
  autoFocus?: boolean | undefined
  /** Ref to the composer's textarea (to focus it from elsewhere). */
  composerRef?: Ref<HTMLTextAreaElement> | undefined
  /** What files the composer takes (`accept`, `maxBytes`, `maxFiles`), where the adapter can send them. */
  attachments?: AttachmentLimits | undefined
  /** Extra class on the view's root. */
  className?: string | undefined
}

/** Props of {@link ChatView}: the layout's, plus a provider's when it is used on its own. */
export interface ChatViewProps extends ChatViewLayoutProps, ChatProviderOptions {}

/**
 * The composed chat: a header with the connection status, the message list and the
 * composer. `<ChatView adapter={adapter} />` is a whole chat; inside a `ChatProvider` (and
 * without `adapter` or `controller`) it uses that provider's store, with the options given to
 * it (`labels`, `renderers`, …) in place of the provider's.
 */
export const ChatView = forwardRef<HTMLDivElement, ChatViewProps>(function ChatView(props, ref) {
  const enclosing = useContext(ChatContext)
  const [options, layout] = splitProviderOptions(props)
  const view = <ChatViewLayout ref={ref} {...layout} />
  if (enclosing && options.adapter === undefined && options.controller === undefined) {
    // The enclosing provider's store, with each option given here in place of its own.
    const given = Object.entries(options).filter(([, value]) => value !== undefined)
    if (given.length === 0) return view
    return (
      <ChatProvider
        {...enclosing}
        {...Object.fromEntries(given)}
        labels={{ ...enclosing.labels, ...options.labels }}
      >
        {view}
      </ChatProvider>
    )
  }
  return <ChatProvider {...options}>{view}</ChatProvider>
})
ChatView.displayName = "ChatView"

/** {@link ChatView}'s layout, reading the nearest provider; internal (`ChatView` is the public part). */
const ChatViewLayout = forwardRef<HTMLDivElement, ChatViewLayoutProps>(function ChatViewLayout(
  {
    conversationId,
    title,
    headingLevel = 2,
    headerContent,
    placeholder,
    suggestions,
    virtualizeAbove,
    autoFocus,
    composerRef,
    className,
    attachments,
  },
  ref,
) {
  const { labels } = useChatContext()
  const { send } = useChat(conversationId)
  const Heading = `h${headingLevel}` as "h2"
  return (
    <section ref={ref} className={cx("aichatkit-chat-view", className)} aria-label={labels.title}>
      {title !== null && (
        <header className="aichatkit-chat-header">
          <Heading className="aichatkit-chat-title">{title ?? labels.title}</Heading>
          <ConnectionStatus />
          {headerContent}
        </header>
      )}
      <HeadingLevelContext.Provider value={headingLevel}>
        <MessageList
          conversationId={conversationId}
          virtualizeAbove={virtualizeAbove}
          emptyState={
            <EmptyState suggestions={suggestions} onSuggestion={(text) => settle(send(text))} />
          }
        />
      </HeadingLevelContext.Provider>
      <ErrorBanner conversationId={conversationId} />
      <Composer
        ref={composerRef}
        conversationId={conversationId}
        placeholder={placeholder}
        autoFocus={autoFocus}
        attachments={attachments}
      />
    </section>
  )
})
ChatViewLayout.displayName = "ChatViewLayout"
