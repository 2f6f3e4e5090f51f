/**
 * What the devtools panel shows, kept outside React: the adapter's events, its wire traffic
 * and the store's flushes, in arrival order. Listeners hear of changes at most once per
 * animation frame, so an open panel re-renders once per frame however fast the chat streams.
 */
import { ALL_AGENTS, type NetworkAdapter, type WireTraffic } from "@aichatkit/network-adapter"
import type { ChatStore } from "@aichatkit/store"
import type { ChatEvent } from "@aichatkit/types"
import { chatCommitCount } from "./commits.js"
import { indexOfSequence } from "./shown-entries.js"
import { diffChatState, type StoreDiff } from "./store-diff.js"

/** One line of the log. `at` is ms since the log started; `commits` the chat's commits then. */
export type LogEntry =
  | { sequence: number; at: number; commits: number; kind: "event"; event: ChatEvent }
  | { sequence: number; at: number; commits: number; kind: "wire"; traffic: WireTraffic }
  | { sequence: number; at: number; commits: number; kind: "flush"; diff: StoreDiff }

/** Distributes `Omit` over the union, so each kind keeps its own fields. */
type NewEntry = LogEntry extends infer Entry
  ? Entry extends LogEntry
    ? Omit<Entry, "sequence" | "at" | "commits">
    : never
  : never

/** The most entries kept: older ones go first, so a long session cannot fill the memory. */
export const MAX_LOG_ENTRIES = 5000

export class DevtoolsLog {
  /** Appended in place as events come; copied into `#entries` once per frame, when listeners hear. */
  #buffer: LogEntry[] = []
  #entries: readonly LogEntry[] = []
  #paused = false
  #sequence = 0
  #scheduled = false
  readonly #startedAt = performance.now()
  readonly #listeners = new Set<() => void>()

  /** The entries as of the last frame: a new array after each change (for `useSyncExternalStore`). */
  get entries(): readonly LogEntry[] {
    return this.#entries
  }

  /**
   * The entries (as of the last frame) added after the one numbered `sequence`: what a listener
   * that forwards the log elsewhere has not sent yet. A binary search, not a pass over the log;
   * right also once the oldest entries were dropped or the log cleared (numbers only grow).
   */
  entriesAfter(sequence: number): readonly LogEntry[] {
    return this.#entries.slice(indexOfSequence(this.#entries, sequence + 1))
  }

  get paused(): boolean {
    return this.#paused
  }

  /** While paused, nothing is added (what happens meanwhile is not kept). */
  setPaused(paused: boolean): void {
    this.#paused = paused
    this.#notify()
  }

  clear(): void {
    this.#buffer = []
    this.#notify()
  }

  add(entry: NewEntry): void {
    if (this.#paused) return
    this.#sequence += 1
    const full = {
      ...entry,
      sequence: this.#sequence,
      at: performance.now() - this.#startedAt,
      commits: chatCommitCount(),
    } as LogEntry
    this.#buffer.push(full)
    // Trimmed in batches, so a long session costs no copy per event.
    if (this.#buffer.length > MAX_LOG_ENTRIES * 1.25) {
      this.#buffer.splice(0, this.#buffer.length - MAX_LOG_ENTRIES)
    }
    this.#notify()
  }

  /**
   * Starts logging `adapter` (its events and wire) and `store` (a diff per flush); returns the
   * function that stops. Call it from an effect, never during render.
   */
  attach(adapter: NetworkAdapter, store?: ChatStore): () => void {
    const stops = [
      adapter.subscribe(ALL_AGENTS, (event) => this.add({ kind: "event", event })),
      adapter.observeWire((traffic) => this.add({ kind: "wire", traffic })),
    ]
    if (store) {
      stops.push(
        store.subscribe((state, previous) => {
          const diff = diffChatState(previous, state)
          if (diff.length > 0) this.add({ kind: "flush", diff })
        }),
      )
    }
    return () => {
      for (const stop of stops) stop()
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  getSnapshot = (): readonly LogEntry[] => this.#entries

  /** Takes a new snapshot and tells the listeners, on the next frame. */
  #notify(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    const run = () => {
      this.#scheduled = false
      // A new snapshot once per frame, of the last MAX_LOG_ENTRIES.
      this.#entries = this.#buffer.slice(-MAX_LOG_ENTRIES)
      for (const listener of this.#listeners) listener()
    }
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(run)
    else setTimeout(run, 16)
  }
}
