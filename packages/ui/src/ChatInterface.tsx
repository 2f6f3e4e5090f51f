import type { NetworkAdapter } from "@aichatkit/network-adapter"
import { forwardRef, type ReactNode } from "react"
import { ChatProvider, type ChatProviderProps } from "./ChatProvider.js"
import { ChatViewLayout, type ChatViewLayoutProps } from "./ChatView.js"
import { ConversationList } from "./ConversationList.js"
import { cx } from "./class-names.js"

/** Props of {@link ChatInterface}: ChatKit's familiar names, plus the provider's options. */
export interface ChatInterfaceProps
  extends Omit<ChatProviderProps, "children" | "adapter">,
    Omit<ChatViewLayoutProps, "className" | "placeholder"> {
  /** The adapter to talk through (ChatKit's name for it). */
  networkAdapter?: NetworkAdapter | undefined
  /** Show the conversation sidebar (default true). */
  showSidebar?: boolean | undefined
  /** The composer's placeholder. */
  inputPlaceholder?: string | undefined
  /** Extra content at the end of the header. */
  headerContent?: ReactNode
  /** Extra class on the root. */
  className?: string | undefined
}

/**
 * The ChatKit-style layout: a conversation sidebar (create, select, rename, delete) beside
 * the chat view.
 */
export const ChatInterface = forwardRef<HTMLDivElement, ChatInterfaceProps>(function ChatInterface(
  {
    networkAdapter,
    controller,
    persist,
    renderers,
    labels,
    onCardAction,
    userAvatar,
    assistantAvatar,
    showSidebar = true,
    inputPlaceholder,
    className,
    ...layout
  },
  ref,
) {
  return (
    <ChatProvider
      adapter={networkAdapter}
      controller={controller}
      persist={persist}
      renderers={renderers}
      labels={labels}
      onCardAction={onCardAction}
      userAvatar={userAvatar}
      assistantAvatar={assistantAvatar}
    >
      <div
        ref={ref}
        className={cx(
          "aichatkit-chat-interface",
          showSidebar && "aichatkit-chat-interface--sidebar",
          className,
        )}
      >
        {showSidebar && <ConversationList />}
        <ChatViewLayout {...layout} placeholder={inputPlaceholder} />
      </div>
    </ChatProvider>
  )
})
ChatInterface.displayName = "ChatInterface"
