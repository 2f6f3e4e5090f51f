/**
 * Listens to an adapter on behalf of a controller: one subscription for every agent's events,
 * checks what arrives, and queues it for the store. It is the one owner of dropping a cancelled
 * run's late events (the reducer and the adapters leave that to it). Nothing thrown here reaches
 * the adapter's socket handling.
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

export class AdapterEventRouter {
  readonly #adapter: NetworkAdapter
  readonly #store: ChatStore
  readonly #report: (error: AdapterError) => void
  readonly #queue: EventQueue
  /** The conversation an agent's events went to last (checked against the store at each use). */
  #lastAgent: { agentId: string; conversationId: string } | undefined
  /** Conversations whose run the user cancelled: their events are dropped until the next send. */
  readonly #ignoring = new Set<string>()
  /**
   * Runs that are over, by conversation and run id, and how: their late events are dropped,
   * even after a new turn starts (a late failure must not fail that turn). A run id is the
   * server's, unique in a conversation but maybe not across them; and a server (or a small
   * adapter) may give every run of a conversation the same id: the id starting again, with a
   * `run-started`, or with a new item after a run that finished (not one that was cancelled,
   * whose late items may still come), is a new run.
   */
  readonly #endedRuns = new EndedRuns()
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
    // One listener for every agent: the store's conversations change on every flush, and
    // re-subscribing per agent cost a listener per event and a re-sync per flush.
    this.#stop.push(this.#adapter.subscribe(ALL_AGENTS, (event) => this.receive(event)))
  }

  /** Flushes what is queued and stops listening; `start` resumes. */
  stop(): void {
    this.#queue.flush()
    for (const stop of this.#stop.splice(0)) stop()
  }

  /** Dispatches the queued events now (a turn's send resolved: the store must hold its run's end). */
  flush(): void {
    this.#queue.flush()
  }

  /** Dispatches queued events first, then `actions`, so the store sees them in order. */
  dispatch(actions: ChatAction | readonly ChatAction[]): void {
    this.#queue.flush()
    this.#store.getState().dispatch(actions)
  }

  /** Drops the conversation's events from now on (its run was cancelled). */
  ignore(conversationId: string, runId?: string): void {
    this.#ignoring.add(conversationId)
    if (runId !== undefined) this.#endedRuns.set(conversationId, runId, "cancelled")
  }

  /** Listens to the conversation's events again (a new turn starts). */
  listen(conversationId: string): void {
    this.#ignoring.delete(conversationId)
  }

  /**
   * Forgets a conversation deleted for good: its ended runs, and that its run was cancelled. Its
   * agent's late events find no conversation any more; a conversation made later with its id
   * starts afresh.
   */
  forget(conversationId: string): void {
    this.#ignoring.delete(conversationId)
    this.#endedRuns.forget(conversationId)
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
      const ended = runId === undefined ? undefined : this.#endedRuns.get(conversationId, runId)
      if (ended !== undefined) {
        const startsAgain =
          event.type === "run-started" || (ended === "finished" && event.type === "item-added")
        if (!startsAgain) return
        this.#endedRuns.delete(conversationId, runId as string)
      }
      if (this.#ignoring.has(conversationId)) {
        // Whatever run speaks now is the cancelled one: keep ignoring it after the next send.
        if (runId !== undefined) this.#endedRuns.set(conversationId, runId, "cancelled")
        return
      }
      // A run the server reports finished is over too: what it sends later is late.
      if (event.type === "run-finished" && runId !== undefined)
        this.#endedRuns.set(
          conversationId,
          runId,
          event.status === "cancelled" ? "cancelled" : "finished",
        )
      const problem = event.type === "item-added" ? chatResponseItemProblem(event.item) : undefined
      if (problem === undefined) {
        // A run's events wait for the next frame's flush: the queue keeps their order. Its end
        // is applied once the task it came in is done, with the last tokens and item-done that
        // came before it (one commit): the answer's last words, its actions and the composer's
        // state are rendered in the gap before the next frame, and that frame only lays out and
        // paints them.
        if (event.type === "run-finished") this.#queue.pushAndFlushSoon(event)
        else this.#queue.push(event)
        return
      }
      this.#queue.pushAndFlush({
        type: "error",
        agentId: event.agentId as string,
        error: {
          code: "PROTOCOL_ERROR",
          message: `The server sent an item that cannot be shown (${problem}); it was skipped.`,
          retryable: false,
        },
      })
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

  /** The conversation whose agent is `agentId`, looked up in the store as it is now. */
  #conversationIdOf(agentId: string): string | undefined {
    const { conversations, conversationOrder } = this.#store.getState()
    const last = this.#lastAgent
    if (last?.agentId === agentId && conversations[last.conversationId]?.agentId === agentId)
      return last.conversationId
    for (const conversationId of conversationOrder) {
      if (conversations[conversationId]?.agentId !== agentId) continue
      this.#lastAgent = { agentId, conversationId }
      return conversationId
    }
    return undefined
  }
}

/** How many ended runs are remembered per conversation: late events come from recent runs. */
const ENDED_RUNS_KEPT = 64

/**
 * The runs that are over, per conversation, the most recent {@link ENDED_RUNS_KEPT} of each.
 * Looked up for every event of a stream, so without building a key string per token.
 */
class EndedRuns {
  readonly #byConversation = new Map<string, Map<string, "finished" | "cancelled">>()

  get(conversationId: string, runId: string): "finished" | "cancelled" | undefined {
    return this.#byConversation.get(conversationId)?.get(runId)
  }

  set(conversationId: string, runId: string, how: "finished" | "cancelled"): void {
    let runs = this.#byConversation.get(conversationId)
    if (runs === undefined) {
      runs = new Map()
      this.#byConversation.set(conversationId, runs)
    }
    runs.delete(runId)
    runs.set(runId, how)
    if (runs.size > ENDED_RUNS_KEPT) runs.delete(runs.keys().next().value as string)
  }

  delete(conversationId: string, runId: string): void {
    this.#byConversation.get(conversationId)?.delete(runId)
  }

  forget(conversationId: string): void {
    this.#byConversation.delete(conversationId)
  }
}
