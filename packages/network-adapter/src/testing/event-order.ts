/**
 * The rules a streaming adapter's events follow within a run, as a pure check: an adapter's
 * tests (and the conformance suite) feed it what a listener saw.
 */
import type { ChatEvent, ChatResponseItemType } from "@aichatkit/types"

/** Options of {@link checkEventOrder}. */
export interface EventOrderOptions {
  /** Whether the last run must have finished by the end of the sequence. Default true. */
  requireFinished?: boolean
}

interface OpenRun {
  runId: string
  agentId: string
  /** Items of this run by id: their kind and whether `item-done` came. */
  items: Map<string, { type: ChatResponseItemType; done: boolean }>
}

/**
 * The problems of an event sequence, in order; empty when it is legal. Within a run:
 * `run-started` comes first, deltas and updates only for items already added and not done
 * (deltas only for messages), `item-done` only after the item was added, every item done
 * before a successful `run-finished`, and nothing for the agent after `run-finished` until
 * the next run. Connection changes and adapter-wide errors may come at any time.
 */
export function checkEventOrder(
  events: readonly ChatEvent[],
  options: EventOrderOptions = {},
): string[] {
  const problems: string[] = []
  let run: OpenRun | undefined
  let lastRunId: string | undefined
  events.forEach((event, index) => {
    const at = `event ${index} (${event.type})`
    if (event.type === "connection-changed") return
    if (event.type === "error" && event.agentId === undefined) return
    if (event.type === "run-started") {
      if (run) problems.push(`${at}: run ${event.runId} started while run ${run.runId} was running`)
      if (event.runId === lastRunId) problems.push(`${at}: run ${event.runId} started twice`)
      run = { runId: event.runId, agentId: event.agentId, items: new Map() }
      lastRunId = event.runId
      return
    }
    if (!run) {
      problems.push(`${at}: came outside a run (before run-started or after run-finished)`)
      return
    }
    if (event.agentId !== run.agentId) {
      problems.push(`${at}: is for agent ${event.agentId}, but the run is agent ${run.agentId}'s`)
    }
    if (event.runId !== undefined && event.runId !== run.runId) {
      problems.push(`${at}: is for run ${event.runId}, but run ${run.runId} is running`)
    }
    switch (event.type) {
      case "run-finished": {
        if (event.runId !== run.runId) return
        // A failed or cancelled run may leave items open: the store settles them at run-finished.
        for (const [itemId, item] of event.status === "ok" ? run.items : []) {
          if (!item.done) problems.push(`${at}: item ${itemId} was never done`)
        }
        run = undefined
        return
      }
      case "error":
        return
      default:
        checkItemEvent(run, event, at, problems)
    }
  })
  if (run && (options.requireFinished ?? true)) {
    problems.push(`the sequence ended while run ${run.runId} was running (no run-finished)`)
  }
  return problems
}

/** The events about one item of the run (added, streamed to, updated, done, awaiting an answer). */
type ItemEvent = Exclude<
  ChatEvent,
  { type: "connection-changed" | "run-started" | "run-finished" | "error" }
>

function checkItemEvent(run: OpenRun, event: ItemEvent, at: string, problems: string[]): void {
  switch (event.type) {
    case "item-added": {
      const known = run.items.get(event.item.id)
      if (known && known.type !== event.item.type) {
        problems.push(
          `${at}: item ${event.item.id} came again as a ${event.item.type}, was a ${known.type}`,
        )
      }
      run.items.set(event.item.id, { type: event.item.type, done: known?.done ?? false })
      return
    }
    case "text-delta":
    case "audio-chunk":
    case "item-updated": {
      const item = run.items.get(event.itemId)
      if (!item) problems.push(`${at}: item ${event.itemId} was never added`)
      else if (item.done) problems.push(`${at}: item ${event.itemId} is already done`)
      else if (event.type !== "item-updated" && item.type !== "message") {
        problems.push(`${at}: item ${event.itemId} is a ${item.type}, not a message`)
      }
      return
    }
    case "item-done": {
      const item = run.items.get(event.itemId)
      if (!item) problems.push(`${at}: item ${event.itemId} was never added`)
      else item.done = true
      return
    }
    case "tool-response-requested": {
      // It settles the call, as item-done does: nothing more comes for it in this run.
      const item = run.items.get(event.itemId)
      if (!item) problems.push(`${at}: item ${event.itemId} was never added`)
      else if (item.type !== "tool_call")
        problems.push(`${at}: item ${event.itemId} is a ${item.type}, not a tool call`)
      else item.done = true
      return
    }
    default:
      event satisfies never
  }
}
