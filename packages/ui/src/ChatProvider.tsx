import type { NetworkAdapter } from "@aichatkit/network-adapter"
import { type ChatController, createChatController, createChatStore } from "@aichatkit/store"
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react"
import { shallow } from "zustand/shallow"
import type { BrowserTools } from "./browser-tools.js"
import {
  type CardActionHandler,
  ChatContext,
  type ChatContextValue,
  type FeedbackHandler,
  type Renderers,
} from "./context.js"
import type { ResolveAttachmentUrl } from "./items/attachment-url.js"
import { defaultLabels, type Labels } from "./labels.js"

/** What `persist` takes: `chatPersistence(options)` from `@aichatkit/store/persist`, as `createChatStore` does. */
export type PersistOptions =
  NonNullable<Parameters<typeof createChatStore>[0]> extends {
    persist?: infer P
  }
    ? P
    : never

/** Props of {@link ChatProvider}. */
export interface ChatProviderProps {
  /** The adapter to talk through; the provider makes its own store and controller for it (read once: remount with a `key` to switch). */
  adapter?: NetworkAdapter | undefined
  /** A ready controller instead of `adapter` (listened through while mounted; the caller owns and disposes it). */
  controller?: ChatController | undefined
  /** Keep conversations across reloads: `persist={chatPersistence({ name })}` from `@aichatkit/store/persist` (read once). */
  persist?: PersistOptions | undefined
  /** Replacement components by item type, tool name and card type. */
  renderers?: Renderers | undefined
  /** Strings to override. */
  labels?: Partial<Labels> | undefined
  /** Called when the user presses a card's button action. */
  onCardAction?: CardActionHandler | undefined
  /** Shown beside the user's messages. */
  userAvatar?: ReactNode
  /** Shown beside the assistant's messages. */
  assistantAvatar?: ReactNode
  /** Called when the user rates an answer (thumbs up or down, or takes it back). */
  onFeedback?: FeedbackHandler | undefined
  /**
   * Tools the page implements, by name: a function's result (or promise) is the call's output;
   * one that returns a React element draws it inside the call and answers with `respond`.
   */
  tools?: BrowserTools | undefined
  /**
   * Turns an attachment's stored URL into one to load (e.g. a signed URL for a private
   * bucket). Its answer must still be https, blob: or a data: image to render.
   */
  resolveAttachmentUrl?: ResolveAttachmentUrl | undefined
  /** The chat parts (or any component using the hooks). */
  children?: ReactNode
}

/** A provider's options: its props but the children (what `ChatView` and `ChatInterface` take too). */
export type ChatProviderOptions = Omit<ChatProviderProps, "children">

/** Every option's name, once: an option added to the props and not here fails to compile. */
const providerOptionNames = Object.keys({
  adapter: true,
  controller: true,
  persist: true,
  renderers: true,
  labels: true,
  onCardAction: true,
  userAvatar: true,
  assistantAvatar: true,
  onFeedback: true,
  tools: true,
  resolveAttachmentUrl: true,
} satisfies Record<keyof ChatProviderOptions, true>) as (keyof ChatProviderOptions)[]

/**
 * Splits a composed component's props into its provider's options and the rest, so every
 * option reaches the provider and none is taken without a word and then dropped.
 */
export function splitProviderOptions<Props extends ChatProviderOptions>(
  props: Props,
): [ChatProviderOptions, Omit<Props, keyof ChatProviderOptions>] {
  const options: Record<string, unknown> = {}
  const rest: Record<string, unknown> = { ...props }
  for (const name of providerOptionNames) {
    options[name] = props[name]
    delete rest[name]
  }
  return [options as ChatProviderOptions, rest as Omit<Props, keyof ChatProviderOptions>]
}

const noRenderers: Renderers = {}
const noTools: BrowserTools = {}

/** Whether two renderer maps draw the same way (inline maps of the same components do). */
function sameRenderers(a: Renderers, b: Renderers): boolean {
  return a.message === b.message && shallow(a.toolCall, b.toolCall) && shallow(a.card, b.card)
}

/**
 * The previous value while the new one is equal by `isEqual`, so inline `labels={{…}}` and
 * `renderers={{…}}` props do not change the context (and re-render every item) on each render.
 */
function useStable<T>(value: T, isEqual: (a: T, b: T) => boolean): T {
  const stable = useRef(value)
  if (stable.current !== value && !isEqual(stable.current, value)) stable.current = value
  return stable.current
}

/**
 * One chat: one store and one controller per provider (never a module-level singleton, so
 * two chats on a page never share state). Everything inside reads it through the hooks.
 */
export function ChatProvider({
  adapter,
  controller: givenController,
  persist,
  renderers: givenRenderers = noRenderers,
  labels: givenLabels,
  onCardAction,
  userAvatar,
  assistantAvatar,
  resolveAttachmentUrl,
  tools: givenTools = noTools,
  onFeedback,
  children,
}: ChatProviderProps) {
  // Making the store and controller subscribes to nothing, so a render React throws away
  // (StrictMode does it on purpose) leaks nothing; listening starts in the effect below.
  const [owned] = useState(() => {
    if (givenController) return undefined
    if (!adapter) {
      throw new Error(
        "aichatkit: <ChatProvider> needs an `adapter` (a NetworkAdapter) or a `controller`.",
      )
    }
    const store = createChatStore(persist === undefined ? undefined : { persist })
    return createChatController({ adapter, store, connect: false })
  })
  const controller = givenController ?? owned!
  const renderers = useStable(givenRenderers, sameRenderers)
  const labels = useStable(givenLabels, shallow)
  const tools = useStable(givenTools, shallow)

  // StrictMode's extra unmount and remount disconnect and reconnect: one live subscription.
  useEffect(() => controller.connect(), [controller])

  const value = useMemo<ChatContextValue>(
    () => ({
      controller,
      renderers,
      labels: labels ? { ...defaultLabels, ...labels } : defaultLabels,
      onCardAction,
      userAvatar,
      assistantAvatar,
      resolveAttachmentUrl,
      tools,
      onFeedback,
    }),
    [
      controller,
      renderers,
      labels,
      onCardAction,
      userAvatar,
      assistantAvatar,
      resolveAttachmentUrl,
      tools,
      onFeedback,
    ],
  )
  return <ChatContext.Provider value={value}>{children}</ChatContext.Provider>
}
