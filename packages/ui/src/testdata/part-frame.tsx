/**
 * A frame for the stories of one chat part: the part inside a `ChatProvider` over the story's
 * controller, with room around it as in an app's layout. Stories only.
 */
import type { ChatController } from "@aichatkit/store"
import type { CSSProperties, ReactNode } from "react"
import { ChatProvider, type ChatProviderProps } from "../ChatProvider.js"

/** Props of {@link PartFrame}. */
export interface PartFrameProps {
  /** The story's controller (from `StoryChat`). */
  controller: ChatController
  /** Extra style on the frame (a width for a sidebar). */
  style?: CSSProperties
  /** The provider's other props (renderers, labels, …). */
  provider?: Omit<ChatProviderProps, "controller" | "adapter" | "children">
  children: ReactNode
}

/** The part, as a page would place it, reading the story's store. */
export function PartFrame({ controller, style, provider, children }: PartFrameProps): ReactNode {
  return (
    <ChatProvider {...provider} controller={controller}>
      <div
        style={{
          display: "flex",
          flexDirection: "column",
          gap: 12,
          padding: 16,
          maxWidth: 720,
          fontFamily: "system-ui, sans-serif",
          ...style,
        }}
      >
        {children}
      </div>
    </ChatProvider>
  )
}
