/**
 * Listens to an adapter on behalf of a controller: one subscription per conversation's agent
 * (kept in step with the store) plus one for adapter-wide events, checks what arrives, and
 * queues it for the store. Nothing thrown here reaches the adapter's socket handling.
 */
import { ALL_AGENTS, type NetworkAdapter } from "@aichatkit/network-adapter"
import {
  type AdapterError,
  type ChatEvent,
  chatResponseItemProblem,
  toAdapterError,
} from "@aichatkit/types"
import { EventQueue, type FlushSchedule } from "./event-queue.js"
import type { ChatAction, ChatStore } from "./types.js"

/** Events that may wait for the next flush; everything else flushes the queue at once. */
// A run's events all wait for the next frame's flush: the queue keeps their order, and the
// frame that ends a run commits once (its last tokens, item-done and run-finished together).
const coalescedTypes: ReadonlySet<ChatEvent["type"]> = new Set([
  "text-delta",
  "item-updated",
  "item-added",
  "item-done",
  "run-started",
  "run-finished",
  "error",
])

export class AdapterEventRouter {
  readonly #adapter: NetworkAdapter
  readonly #store: ChatStore
  readonly #report: (error: AdapterError) => void
  readonly #queue: EventQueue
  readonly #subscriptions = new Map<string, { agentId: string; unsubscribe: () => void }>()
  /** The reverse of `#subscriptions`: which conversation an agent's events belong to. */
  readonly #conversationByAgent = new Map<string, string>()
  /** Conversations whose run the user cancelled: their events are dropped until the next send. */
  readonly #ignoring = new Set<string>()
  /** Runs the user cancelled: their late events are dropped even after a new turn starts. */
  readonly #cancelledRuns = new Set<string>()
  readonly #stop: (() => void)[] = []
  #disposed = false

  constructor(
    adapter: NetworkAdapter,
    store: ChatStore,
    schedule: FlushSchedule | undefined,
    report: (error: AdapterError) => void,
  ) {
    this.#adapter = adapter
    this.#store = store
    this.#report = report
    this.#queue = new EventQueue((actions) => store.getState().dispatch(actions), schedule)
  }

  /**
   * Starts listening to the adapter and following the store's conversations. Not done in the
   * constructor: a controller made during a render React may discard must subscribe nothing.
   */
  start(): void {
    if (this.#disposed || this.#stop.length > 0) return
    const adapter = this.#adapter
    const store = this.#store
    this.#stop.push(
      adapter.subscribe(ALL_AGENTS, (event) => {
        const agentId = "agentId" in event ? event.agentId : undefined
        // Events of subscribed agents arrive through their own listener.
        if (agentId === undefined || this.#conversationIdOf(agentId) === undefined)
          this.receive(event)
      }),
    )
    let lastConversations = store.getState().conversations
    this.#stop.push(
      store.subscribe((state) => {
        if (state.conversations === lastConversations) return
        lastConversations = state.conversations
        this.#sync()
      }),
    )
    this.#sync()
  }

  /** Flushes what is queued and stops every subscription; `start` resumes. */
  stop(): void {
    this.#queue.flush()
    for (const stop of this.#stop.splice(0)) stop()
    for (const subscription of this.#subscriptions.values()) subscription.unsubscribe()
    this.#subscriptions.clear()
    this.#conversationByAgent.clear()
  }

  /** Dispatches queued events first, then `actions`, so the store sees them in order. */
  dispatch(actions: ChatAction | readonly ChatAction[]): void {
    this.#queue.flush()
    this.#store.getState().dispatch(actions)
  }

  /** Drops the conversation's events from now on (its run was cancelled). */
  ignore(conversationId: string, runId?: string): void {
    this.#ignoring.add(conversationId)
    if (runId !== undefined) this.#cancelledRuns.add(runId)
  }

  /** Listens to the conversation's events again (a new turn starts). */
  listen(conversationId: string): void {
    this.#ignoring.delete(conversationId)
  }

  /** Checks one event and queues it for the store. */
  receive(event: ChatEvent): void {
    if (this.#disposed) return
    try {
      if (event.type === "connection-changed" || (event.type === "error" && !event.agentId)) {
        this.#queue.pushAndFlush(event)
        return
      }
      const conversationId = this.#conversationIdOf(event.agentId as string)
      if (conversationId === undefined) {
        this.#report({
          code: "NOT_FOUND",
          message: `An event (${String(event.type)}) arrived for agent "${String(event.agentId)}", which belongs to no conversation here; it was ignored.`,
          retryable: false,
        })
        return
      }
      const runId = "runId" in event ? event.runId : undefined
      if (typeof runId === "string" && this.#cancelledRuns.has(runId)) return
      if (this.#ignoring.has(conversationId)) {
        // Whatever run speaks now is the cancelled one: keep ignoring it after the next send.
        if (typeof runId === "string") this.#cancelledRuns.add(runId)
        return
      }
      const problem = event.type === "item-added" ? chatResponseItemProblem(event.item) : undefined
      if (problem !== undefined) {
        this.#queue.pushAndFlush({
          type: "error",
          agentId: event.agentId as string,
          error: {
            code: "PROTOCOL_ERROR",
            message: `The server sent an item that cannot be shown (${problem}); it was skipped.`,
            retryable: false,
          },
        })
      } else if (coalescedTypes.has(event.type)) {
        this.#queue.push(event)
      } else {
        this.#queue.pushAndFlush(event)
      }
    } catch (error) {
      this.#report(toAdapterError(error, "UNKNOWN"))
    }
  }

  /** Flushes what is queued and stops listening for good; the store stays as it is. */
  dispose(): void {
    if (this.#disposed) return
    this.stop()
    this.#queue.dispose()
    this.#disposed = true
  }

  #conversationIdOf(agentId: string): string | undefined {
    return this.#conversationByAgent.get(agentId)
  }

  /** Keeps one adapter subscription per conversation agent, following the store. */
  #sync(): void {
    if (this.#disposed || this.#stop.length === 0) return
    const { conversations } = this.#store.getState()
    for (const [conversationId, subscription] of this.#subscriptions) {
      if (conversations[conversationId]?.agentId !== subscription.agentId) {
        subscription.unsubscribe()
        this.#subscriptions.delete(conversationId)
        this.#conversationByAgent.delete(subscription.agentId)
        this.#ignoring.delete(conversationId)
      }
    }
    for (const conversation of Object.values(conversations)) {
      const agentId = conversation.agentId
      if (agentId === undefined || this.#subscriptions.has(conversation.id)) continue
      const unsubscribe = this.#adapter.subscribe(agentId, (event) => {
        // Agent-less events reach every listener; the ALL_AGENTS one handles them once.
        if ("agentId" in event && event.agentId !== undefined) this.receive(event)
      })
      this.#subscriptions.set(conversation.id, { agentId, unsubscribe })
      this.#conversationByAgent.set(agentId, conversation.id)
    }
  }
}
