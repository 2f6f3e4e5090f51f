/**
 * The live previews of the docs pages: a whole chat over an adapter made once per preview, in
 * a frame of fixed height so the page around it keeps its place while answers stream in.
 */
import type { NetworkAdapter } from "@aichatkit/network-adapter"
import { MemoryAdapter } from "@aichatkit/testing"
import { ChatView, type ChatViewProps } from "@aichatkit/ui"
import { Unstyled } from "@storybook/addon-docs/blocks"
import { type ReactNode, useState } from "react"

/** Props of {@link LiveChat}. */
export interface LiveChatProps extends Omit<ChatViewProps, "adapter" | "controller"> {
  /** Makes the preview's adapter (a MemoryAdapter with the scripted agent by default). */
  createAdapter?: () => NetworkAdapter
  /** Height of the frame, in px. */
  height?: number
  /** Sets `data-aichatkit-theme` on the frame. */
  theme?: "light" | "dark"
}

/** The scripted agent of @aichatkit/testing, in this page: no server, no network. */
export const scriptedAdapter = (): NetworkAdapter => new MemoryAdapter({ tokenDelayMs: 12 })

const pageColours = {
  light: { background: "#ffffff", color: "#1b1d21" },
  dark: { background: "#15171b", color: "#e7e9ed" },
}

/** A chat over a fresh adapter, kept for as long as the preview is on the page. */
export function LiveChat({
  createAdapter = scriptedAdapter,
  height = 460,
  theme,
  suggestions = [
    "What's the weather in Oslo? Use the tool",
    "Show me a card",
    "Tell me something slowly",
  ],
  ...props
}: LiveChatProps): ReactNode {
  const [adapter] = useState(createAdapter)
  // Unstyled: the docs page's own heading and list styles must not reach into the chat.
  return (
    <Unstyled>
      <div
        data-aichatkit-theme={theme}
        style={{
          height,
          display: "flex",
          flexDirection: "column",
          border: "1px solid rgba(128, 128, 128, 0.3)",
          borderRadius: 8,
          overflow: "hidden",
          ...(theme ? pageColours[theme] : {}),
        }}
      >
        <ChatView adapter={adapter} suggestions={suggestions} headingLevel={3} {...props} />
      </div>
    </Unstyled>
  )
}
