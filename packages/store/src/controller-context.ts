/**
 * What every part of a chat controller shares: its adapter and store, the event router, the
 * running turns, and the few steps all of them take (find a conversation or throw, run an
 * adapter call whose failure becomes state, add a conversation).
 */
import type { NetworkAdapter } from "@aichatkit/network-adapter"
import {
  type AdapterError,
  createId as defaultCreateId,
  toAdapterError,
  toChatError,
} from "@aichatkit/types"
import { AdapterEventRouter } from "./adapter-events.js"
import { findConversation } from "./controller-helpers.js"
import { createChatStore } from "./create-chat-store.js"
import type { FlushSchedule } from "./event-queue.js"
import { TurnRunner } from "./turn-runner.js"
import type { ChatAction, ChatStore, ConversationState } from "./types.js"

/** Options of `createChatController`. */
export interface ChatControllerOptions {
  adapter: NetworkAdapter
  /** The store to drive; a new one when absent. */
  store?: ChatStore
  /** When streamed events reach the store. Default `"frame"`; `"sync"` for tests. */
  scheduleFlush?: FlushSchedule
  /** Makes local ids (conversations, optimistic items). Default `createId` of `@aichatkit/types` (works without `crypto.randomUUID`). */
  createId?: () => string
  /** The clock for timestamps. Default `new Date()`. */
  now?: () => Date
  /** Receives problems that belong to no conversation (unknown agents, failed stops). Default `console.warn`. */
  onError?: (error: AdapterError) => void
  /** The title of a new conversation before its first message names it. Default "New chat". */
  defaultTitle?: string
  /**
   * Listen to the adapter from the start (default `true`). `false` waits for `connect()`: what a
   * React provider does, in an effect, so a render React throws away subscribes nothing.
   */
  connect?: boolean
}

export interface ControllerContext {
  readonly adapter: NetworkAdapter
  readonly store: ChatStore
  readonly events: AdapterEventRouter
  readonly turns: TurnRunner
  readonly createId: () => string
  readonly now: () => Date
  readonly defaultTitle: string
  readonly report: (error: AdapterError) => void
  /** Set once by `dispose`: nothing is written to the store after it. */
  disposed: boolean
  dispatch(actions: ChatAction | readonly ChatAction[]): void
  /** The conversation (the active one by default); throws a `ChatError` for an unknown id. */
  conversationOrThrow(conversationId: string | undefined): ConversationState
  /** Runs an adapter call; a failure is kept as the conversation's error and rethrown as a ChatError. */
  adapterCall<T>(conversation: ConversationState, call: () => Promise<T>): Promise<T>
  /** Adds a conversation to the store and selects it; its agent may come later. */
  addConversation(title: string, agentId?: string): string
}

export function createControllerContext(options: ChatControllerOptions): ControllerContext {
  const { adapter } = options
  const store = options.store ?? createChatStore()
  const report =
    options.onError ?? ((error: AdapterError) => console.warn(`aichatkit: ${error.message}`, error))
  const events = new AdapterEventRouter(adapter, store, options.scheduleFlush, report)
  const context: ControllerContext = {
    adapter,
    store,
    events,
    turns: new TurnRunner(adapter, store, events, () => context.disposed),
    createId: options.createId ?? defaultCreateId,
    now: options.now ?? (() => new Date()),
    defaultTitle: options.defaultTitle ?? "New chat",
    report,
    disposed: false,
    dispatch: (actions) => events.dispatch(actions),
    conversationOrThrow: (conversationId) => findConversation(store.getState(), conversationId),
    async adapterCall(conversation, call) {
      try {
        return await call()
      } catch (error) {
        const adapterError = toAdapterError(error, "UNKNOWN")
        const known = store.getState().conversations[conversation.id] !== undefined
        if (!context.disposed && known && conversation.agentId) {
          context.dispatch({ type: "error", agentId: conversation.agentId, error: adapterError })
        }
        throw toChatError(error, "UNKNOWN")
      }
    },
    addConversation(title, agentId) {
      const id = context.createId()
      const conversation = { id, title, createdAt: context.now().toISOString() }
      context.dispatch([
        {
          type: "conversation-created",
          conversation: agentId === undefined ? conversation : { ...conversation, agentId },
        },
        { type: "conversation-selected", conversationId: id },
      ])
      return id
    },
  }
  return context
}
