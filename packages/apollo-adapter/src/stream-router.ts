/**
 * Routes the events of the `agentEvent` subscription to the adapter's listeners, and
 * reconciles each turn's streamed items with the items its query resolved with, so the
 * listeners see one legal sequence: run-started, the items, their final state, run-finished.
 */
import type { ChatEvent, ChatResponseItem, RunFinishedEvent } from "@aichatkit/types"
import { decodeAgentEvent } from "./decode.js"
import { raceAbort } from "./retry.js"

/** Item ids remembered per agent as final, so late stream events cannot change them. */
const FINALIZED_LIMIT = 2_000

interface Run {
  runId: string
  /** Items of the run, and whether their `item-done` came. */
  items: Map<string, boolean>
}

interface PendingTurn {
  runId?: string
  /** The run's `run-finished`, held until the final items are out. */
  held?: RunFinishedEvent
  /** Resolves when `run-finished` arrives. */
  finished: Promise<void>
  markFinished: () => void
}

interface AgentState {
  run?: Run | undefined
  turn?: PendingTurn | undefined
  /** Runs the user cancelled: their late content is dropped. */
  cancelled: Set<string>
  /** Runs closed without their `done` (it was lost): whatever comes for them later is dropped. */
  ended: Set<string>
  /** Items whose final state the answer gave. */
  finalized: Set<string>
  /** Whether this server marks runs on the stream (so a turn waits for its `done`). */
  sendsRuns: boolean
  /** Item ids of the tool calls the answers gave, by the call's id (see `reopenToolCall`). */
  toolCalls: Map<string, string>
}

function itemIdOf(event: ChatEvent): string | undefined {
  switch (event.type) {
    case "item-added":
      return event.item.id
    case "text-delta":
    case "item-updated":
    case "item-done":
      return event.itemId
    default:
      return undefined
  }
}

/** A turn in flight; exactly one of `finish` and `abandon` ends it. */
export interface TurnHandle {
  /** Emits the answer's items as final and then the run's `run-finished` (waiting for it, bounded). */
  finish(items: ChatResponseItem[], signal: AbortSignal | undefined): Promise<void>
  /** The call failed or was cancelled: lets held events go, drops a cancelled run's late content. */
  abandon(cancelled: boolean): void
}

export class StreamRouter {
  readonly #agents = new Map<string, AgentState>()

  constructor(
    private readonly emit: (event: ChatEvent) => void,
    private readonly options: { maxEventSize: number; doneTimeoutMs: number },
  ) {}

  #state(agentId: string): AgentState {
    let state = this.#agents.get(agentId)
    if (!state) {
      state = {
        cancelled: new Set(),
        ended: new Set(),
        finalized: new Set(),
        sendsRuns: false,
        toolCalls: new Map(),
      }
      this.#agents.set(agentId, state)
    }
    return state
  }

  /**
   * A tool call answered (`respondToToolCall`): its item is no longer final, so the run that
   * follows the answer may change it.
   */
  reopenToolCall(agentId: string, toolCallId: string): void {
    const state = this.#state(agentId)
    const itemId = state.toolCalls.get(toolCallId)
    if (itemId !== undefined) state.finalized.delete(itemId)
  }

  /** Forgets an agent (cleared or stopped). */
  forget(agentId: string): void {
    this.#agents.delete(agentId)
  }

  /** One event from the subscription. */
  handle(agentId: string, raw: { name: string; data: unknown }): void {
    const state = this.#state(agentId)
    for (const event of decodeAgentEvent(agentId, raw, this.options)) this.#route(state, event)
  }

  #route(state: AgentState, event: ChatEvent): void {
    const itemId = itemIdOf(event)
    // The turn's answer already gave this item's final state: a late event would undo it.
    if (itemId !== undefined && state.finalized.has(itemId)) return
    const runId = "runId" in event ? event.runId : undefined
    if (runId !== undefined && state.ended.has(runId)) {
      if (event.type === "run-finished") state.ended.delete(runId)
      return
    }
    const cancelled = runId !== undefined && state.cancelled.has(runId)
    if (cancelled && (event.type === "text-delta" || event.type === "item-added")) return
    switch (event.type) {
      case "run-started":
        state.sendsRuns = true
        state.run = { runId: event.runId, items: new Map() }
        if (state.turn && state.turn.runId === undefined) state.turn.runId = event.runId
        break
      case "item-added":
        state.run?.items.set(event.item.id, state.run.items.get(event.item.id) ?? false)
        break
      case "item-done":
      case "tool-response-requested":
        if (state.run?.items.has(event.itemId)) state.run.items.set(event.itemId, true)
        break
      case "run-finished":
        state.cancelled.delete(event.runId)
        if (state.turn && state.turn.runId === event.runId) {
          state.turn.held = event
          state.turn.markFinished()
          return
        }
        if (state.run?.runId === event.runId) state.run = undefined
        break
    }
    this.emit(event)
  }

  /** Starts a turn: from now on its run's `run-finished` waits for the answer. */
  beginTurn(agentId: string): TurnHandle {
    const state = this.#state(agentId)
    let markFinished!: () => void
    const finished = new Promise<void>((resolve) => {
      markFinished = resolve
    })
    const turn: PendingTurn = { finished, markFinished }
    state.turn = turn
    let released = false
    const release = () => {
      if (released) return
      released = true
      if (state.turn === turn) state.turn = undefined
      if (turn.held) {
        if (state.run?.runId === turn.held.runId) state.run = undefined
        this.emit(turn.held)
      }
    }
    return {
      finish: async (items, signal) => {
        // Aborting while waiting rejects here; the caller then abandons the turn.
        if (state.sendsRuns && !turn.held) await this.#waitFor(turn.finished, signal)
        this.#finalize(agentId, state, items)
        if (turn.runId !== undefined && !turn.held) {
          // The answer came but the run's `done` did not (lost in a drop): end the run here.
          state.ended.add(turn.runId)
          turn.held = { type: "run-finished", agentId, runId: turn.runId, status: "ok" }
        }
        release()
      },
      abandon: (cancelled) => {
        if (released) return
        const runId = turn.runId ?? state.run?.runId
        if (cancelled && runId !== undefined && !turn.held) state.cancelled.add(runId)
        release()
      },
    }
  }

  async #waitFor(finished: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.doneTimeoutMs)
    })
    try {
      await raceAbort(Promise.race([finished, timeout]), signal, "Sending the message")
    } finally {
      clearTimeout(timer)
    }
  }

  /** The answer's items, upserted in their final state and closed, before the run ends. */
  #finalize(agentId: string, state: AgentState, items: ChatResponseItem[]): void {
    for (const item of items) {
      this.emit({ type: "item-added", agentId, item })
      if (state.run?.items.get(item.id) !== true) {
        this.emit({ type: "item-done", agentId, itemId: item.id })
      }
      state.run?.items.set(item.id, true)
      state.finalized.add(item.id)
      if (item.type === "tool_call") state.toolCalls.set(item.toolCall.id, item.id)
    }
    for (const id of state.finalized) {
      if (state.finalized.size <= FINALIZED_LIMIT) break
      state.finalized.delete(id)
    }
    for (const id of state.toolCalls.keys()) {
      if (state.toolCalls.size <= FINALIZED_LIMIT) break
      state.toolCalls.delete(id)
    }
  }

  /**
   * After the stream came back: re-emits what the conversation holds now, except the user's
   * own messages (already shown under the UI's ids) and items already final.
   */
  recover(agentId: string, items: ChatResponseItem[]): void {
    const state = this.#state(agentId)
    for (const item of items) {
      if (item.type === "message" && item.role === "user") continue
      if (state.finalized.has(item.id)) continue
      this.emit({ type: "item-added", agentId, item })
      if (state.run) {
        // Part of the running turn (added while away): its answer will close it.
        if (!state.run.items.has(item.id)) state.run.items.set(item.id, false)
      } else {
        this.emit({ type: "item-done", agentId, itemId: item.id })
        state.finalized.add(item.id)
      }
    }
  }
}
