import type { NetworkAdapter } from "@aichatkit/network-adapter"
import { forwardRef, type ReactNode, useCallback, useRef } from "react"
import { ChatProvider, type ChatProviderOptions, splitProviderOptions } from "./ChatProvider.js"
import { ChatView, type ChatViewLayoutProps } from "./ChatView.js"
import { ConversationList } from "./ConversationList.js"
import { cx } from "./class-names.js"
import { useLabels } from "./context.js"

/** Props of {@link ChatInterface}: ChatKit's familiar names, plus the provider's options. */
export interface ChatInterfaceProps
  extends ChatProviderOptions,
    Omit<ChatViewLayoutProps, "className" | "placeholder" | "composerRef"> {
  /** ChatKit's name for `adapter`, kept so ChatKit code runs unchanged; `adapter` wins when both are given. */
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
 * the chat view, after a skip link to the composer. "New chat" puts focus in the composer.
 */
export const ChatInterface = forwardRef<HTMLDivElement, ChatInterfaceProps>(function ChatInterface(
  { networkAdapter, showSidebar = true, inputPlaceholder, className, ...props },
  ref,
) {
  const [options, layout] = splitProviderOptions(props)
  // A new chat is for typing: "New chat" hands focus to the composer.
  const composer = useRef<HTMLTextAreaElement>(null)
  const focusComposer = useCallback(() => composer.current?.focus(), [])
  return (
    <ChatProvider {...options} adapter={options.adapter ?? networkAdapter}>
      <div
        ref={ref}
        className={cx(
          "aichatkit-chat-interface",
          showSidebar && "aichatkit-chat-interface--sidebar",
          className,
        )}
      >
        {showSidebar && <SkipToComposer onActivate={focusComposer} />}
        {showSidebar && <ConversationList onCreate={focusComposer} />}
        <ChatView {...layout} placeholder={inputPlaceholder} composerRef={composer} />
      </div>
    </ChatProvider>
  )
})
ChatInterface.displayName = "ChatInterface"

/**
 * The first stop of the keyboard: hidden until focused, it takes keyboard users past the
 * conversation list straight to the composer.
 */
function SkipToComposer({ onActivate }: { onActivate: () => void }) {
  const labels = useLabels()
  return (
    <button type="button" className="aichatkit-skip-link" onClick={onActivate}>
      {labels.skipToComposer}
    </button>
  )
}
