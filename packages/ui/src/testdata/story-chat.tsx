/**
 * What the stories share: a real store and controller over a MemoryAdapter, and seeds that
 * put a conversation into a given state through the store's own actions and events.
 */

import type { AdapterCapabilities } from "@aichatkit/network-adapter"
import type { ChatAction } from "@aichatkit/store"
import { type ChatController, createChatController, createChatStore } from "@aichatkit/store"
import { MemoryAdapter, type MemoryAdapterOptions } from "@aichatkit/testing"
import type { ChatResponseItem } from "@aichatkit/types"
import { type ReactNode, useEffect, useState } from "react"

/**
 * Builds the actions that create an active conversation holding `items`. Without `agentId`
 * it has no agent until {@link StoryChat} starts one for it.
 */
export function seedConversation(
  items: readonly ChatResponseItem[],
  options: { id?: string; title?: string; agentId?: string } = {},
): ChatAction[] {
  const id = options.id ?? "story-conversation"
  return [
    {
      type: "conversation-created",
      conversation: {
        id,
        title: options.title ?? "Weather in Oslo",
        createdAt: "2026-01-01T00:00:00Z",
        ...(options.agentId === undefined ? {} : { agentId: options.agentId }),
      },
    },
    { type: "conversation-selected", conversationId: id },
    { type: "conversation-items-loaded", conversationId: id, items: [...items] },
  ]
}

/** Props of {@link StoryChat}. */
export interface StoryChatProps {
  /** Options of the MemoryAdapter (tokens arrive every 15 ms by default). */
  adapterOptions?: MemoryAdapterOptions
  /** Capabilities the adapter claims instead of its own (to show what another wire offers). */
  capabilities?: Partial<AdapterCapabilities>
  /** Actions dispatched before the first render. */
  seed?: readonly ChatAction[]
  /** Called once with the adapter and controller, once seeded conversations have agents. */
  setup?: (harness: { adapter: MemoryAdapter; controller: ChatController }) => void
  /** Renders the chat with the controller. */
  children: (controller: ChatController) => ReactNode
}

/** Makes one controller for a story and disposes it when the story unmounts. */
export function StoryChat({ adapterOptions, capabilities, seed, setup, children }: StoryChatProps) {
  const [controller] = useState(() => {
    const adapter = new MemoryAdapter({ tokenDelayMs: 15, ...adapterOptions })
    if (capabilities) {
      const claimed = Object.freeze({ ...adapter.capabilities, ...capabilities })
      Object.defineProperty(adapter, "capabilities", { value: claimed })
    }
    const controller = createChatController({ adapter, store: createChatStore() })
    const { dispatch } = controller.store.getState()
    if (seed) dispatch(seed)
    const agentless = Object.values(controller.store.getState().conversations).filter(
      (conversation) => conversation.agentId === undefined,
    )
    // Real agents, so sending, retrying and card actions work in seeded conversations.
    void Promise.all(
      agentless.map(async (conversation) => {
        const agentId = await adapter.startChatAgent()
        dispatch({ type: "conversation-agent-set", conversationId: conversation.id, agentId })
      }),
    ).then(() => setup?.({ adapter, controller }))
    return controller
  })
  useEffect(() => () => controller.dispose(), [controller])
  return <>{children(controller)}</>
}
