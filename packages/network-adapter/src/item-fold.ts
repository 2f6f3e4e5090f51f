/**
 * The one fold of `ChatEvent`s into the items they describe: what an adapter's `ChatResponse`
 * holds, what the testing kit and the conformance suite compare against. It follows the store's
 * reducer rule for rule (a property test in the store checks it), so an adapter's resolved
 * items are exactly what the store shows:
 * - `item-added` upserts by id (see {@link mergeAddedItem}); items keep the order in which
 *   they first appeared;
 * - text that arrives before its item is kept and prepended when the item comes;
 * - deltas reach only a message still streaming: not after its `item-done`, not after the run
 *   finished, never a user's message;
 * - a cancelled run's late events are not the fold's to drop: the store's event router owns
 *   that, and an adapter stops reading a run it cancelled.
 */
import {
  type AudioChunkEvent,
  type ChatEvent,
  type ChatResponseItem,
  chatResponseItemProblem,
  type ItemAddedEvent,
  type ItemUpdatedEvent,
  MAX_MESSAGE_TEXT_LENGTH,
  type RunFinishedEvent,
  type TextDeltaEvent,
  type ToolResponseRequestedEvent,
} from "@aichatkit/types"
import {
  cancelledToolCall,
  MAX_PENDING_DELTA_ITEMS,
  mergeAddedItem,
  patchItem,
  withAudioChunk,
} from "./item-rules.js"

/** What became of an event: applied (or harmlessly ignored), or refused as too much text. */
export type FoldResult = "applied" | "text-too-long"

export class ItemFold {
  readonly #items = new Map<string, ChatResponseItem>()
  /** Items still streaming (added, no `item-done`, run not over), in the order they opened. */
  readonly #open = new Set<string>()
  /** Text that arrived before its item. */
  readonly #early = new Map<string, string>()
  /** For a message re-added while streaming: how much of its text a replay has covered. */
  readonly #replayOffsets = new Map<string, number>()
  #run: { runId?: string; status: "none" | "streaming" | "ok" | "error" | "cancelled" } = {
    status: "none",
  }

  /** Folds one event in; `"text-too-long"` (and nothing changed) past `MAX_MESSAGE_TEXT_LENGTH`. */
  apply(event: ChatEvent): FoldResult {
    if (typeof event !== "object" || event === null) return "applied"
    switch (event.type) {
      case "item-added":
        this.#add(event)
        return "applied"
      case "text-delta":
        return this.#appendDelta(event)
      case "item-updated":
        this.#update(event)
        return "applied"
      case "item-done":
        this.#open.delete(event.itemId)
        this.#replayOffsets.delete(event.itemId)
        return "applied"
      case "tool-response-requested":
        this.#awaitResponse(event)
        return "applied"
      case "audio-chunk":
        this.#appendAudio(event)
        return "applied"
      case "run-started":
        if (typeof event.runId === "string" && event.runId !== this.#run.runId)
          this.#run = { runId: event.runId, status: "streaming" }
        return "applied"
      case "run-finished":
        this.#finishRun(event)
        return "applied"
      case "connection-changed":
      case "error":
        return "applied"
      default:
        // A new event kind fails to compile here until the fold handles it.
        return event satisfies never
    }
  }

  /** The items so far, in order of first appearance (copies: changing them changes nothing here). */
  items(): ChatResponseItem[] {
    return [...this.#items.values()].map((item) => structuredClone(item))
  }

  /** The item `itemId` (the fold's own: read, don't change it). */
  get(itemId: string): ChatResponseItem | undefined {
    return this.#items.get(itemId)
  }

  /** Whether the item `itemId` has arrived. */
  has(itemId: string): boolean {
    return this.#items.has(itemId)
  }

  /** The items still streaming, in the order they opened (the fold's own: read only). */
  openItems(): ChatResponseItem[] {
    return [...this.#open].flatMap((id) => this.#items.get(id) ?? [])
  }

  #add(event: ItemAddedEvent): void {
    const incoming = event.item
    if (chatResponseItemProblem(incoming) !== undefined) return
    const existing = this.#items.get(incoming.id)
    if (existing !== undefined) {
      const merged = mergeAddedItem(existing, incoming)
      if (merged === undefined) return
      if (merged.keptText && this.#open.has(existing.id))
        this.#replayOffsets.set(existing.id, (incoming as { content: string }).content.length)
      this.#items.set(existing.id, structuredClone(merged.item))
      return
    }
    let item = structuredClone(incoming)
    const early = this.#early.get(item.id)
    if (early !== undefined) {
      if (item.type === "message") item = { ...item, content: item.content + early }
      this.#early.delete(item.id)
    }
    this.#items.set(item.id, item)
    const isUserMessage = item.type === "message" && item.role === "user"
    if (!isUserMessage && !this.#isFinishedRun(event.runId)) this.#open.add(item.id)
  }

  #isFinishedRun(runId: string | undefined): boolean {
    const { status } = this.#run
    return runId !== undefined && this.#run.runId === runId && status !== "streaming"
  }

  #appendDelta(event: TextDeltaEvent): FoldResult {
    const { itemId, delta } = event
    if (typeof delta !== "string" || delta === "" || typeof itemId !== "string") return "applied"
    const item = this.#items.get(itemId)
    if (item === undefined) return this.#keepEarly(itemId, delta)
    // A delta for a settled item is late or duplicated: the item already has its text.
    if (item.type !== "message" || !this.#open.has(itemId)) return "applied"
    const offset = this.#replayOffsets.get(itemId)
    if (offset !== undefined) {
      if (item.content.startsWith(delta, offset)) {
        const next = offset + delta.length
        if (next >= item.content.length) this.#replayOffsets.delete(itemId)
        else this.#replayOffsets.set(itemId, next)
        return "applied"
      }
      // The replay diverged from what streamed before: from here on the text is new.
      this.#replayOffsets.delete(itemId)
    }
    if (item.content.length + delta.length > MAX_MESSAGE_TEXT_LENGTH) return "text-too-long"
    this.#items.set(itemId, { ...item, content: item.content + delta })
    return "applied"
  }

  #keepEarly(itemId: string, delta: string): FoldResult {
    const pending = this.#early.get(itemId)
    if (pending === undefined && this.#early.size >= MAX_PENDING_DELTA_ITEMS) return "applied"
    const early = (pending ?? "") + delta
    if (early.length > MAX_MESSAGE_TEXT_LENGTH) return "text-too-long"
    this.#early.set(itemId, early)
    return "applied"
  }

  #update(event: ItemUpdatedEvent): void {
    const item = this.#items.get(event.itemId)
    if (item === undefined) return
    const next = patchItem(item, event.patch, !this.#open.has(item.id))
    if (next === undefined) return
    this.#items.set(item.id, structuredClone(next))
    this.#replayOffsets.delete(item.id)
  }

  /** Audio reaches only a message still streaming, as text does. */
  #appendAudio(event: AudioChunkEvent): void {
    const item = this.#items.get(event.itemId)
    if (item === undefined || !this.#open.has(item.id)) return
    const next = withAudioChunk(item, event)
    if (next !== undefined) this.#items.set(item.id, next)
  }

  /** A tool call that waits for the user's side: settled, and `awaiting-approval` if asked. */
  #awaitResponse(event: ToolResponseRequestedEvent): void {
    const item = this.#items.get(event.itemId)
    if (item?.type !== "tool_call") return
    this.#open.delete(item.id)
    if (event.awaiting !== "approval") return
    const next = patchItem(item, { toolCall: { status: "awaiting-approval" } }, false)
    if (next !== undefined) this.#items.set(item.id, next)
  }

  #finishRun(event: RunFinishedEvent): void {
    const run = this.#run
    if (typeof event.runId !== "string") return
    if (run.runId === event.runId && run.status !== "streaming" && run.status !== "none") return
    // A stale end of an older run while a newer one streams.
    if (run.status === "streaming" && run.runId !== event.runId) return
    const status = event.status === "cancelled" || event.status === "error" ? event.status : "ok"
    this.#run = { runId: event.runId, status }
    if (status === "cancelled") {
      for (const id of this.#open) {
        const cancelled = cancelledToolCall(this.#items.get(id) as ChatResponseItem)
        if (cancelled !== undefined) this.#items.set(id, cancelled)
      }
    }
    this.#open.clear()
    this.#replayOffsets.clear()
  }
}

/** The items a whole sequence of events describes (a fresh {@link ItemFold} over them). */
export function foldEvents(events: readonly ChatEvent[]): ChatResponseItem[] {
  const fold = new ItemFold()
  for (const event of events) fold.apply(event)
  return fold.items()
}
