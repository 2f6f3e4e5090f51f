/**
 * One agent's `agentEvent` subscription, kept alive: when it drops it is opened again with
 * backoff, and the adapter is told so it can refetch what it missed.
 */
import { ChatError } from "@aichatkit/types"
import type { Observable, Subscription } from "rxjs"
import { classifyError } from "./errors.js"
import { backoffDelay } from "./retry.js"
import type { AgentEventResult } from "./types.js"

/** One result of the subscription as Apollo delivers it. */
export interface SubscriptionResult {
  data?: unknown
  error?: unknown
}

/** What an {@link AgentStream} tells its owner. */
export interface AgentStreamHandlers {
  /** One event of the stream (already mapped by the document's `result`). */
  onEvent(event: AgentEventResult): void
  /** The subscription is live: the first time, or again after a drop (`reconnected`). */
  onReady(reconnected: boolean): void
  /** The subscription dropped; it is being opened again. */
  onDrop(error: ChatError): void
  /**
   * It stopped: dropped more than `maxRetries` times in a row (`connectionLost`), or the server
   * refused it. It stays closed until `ready()` is called again.
   */
  onGiveUp(error: ChatError, connectionLost: boolean): void
}

/** Options of {@link AgentStream}. */
export interface AgentStreamOptions {
  /** Opens the subscription (a new one per call). */
  open: () => Observable<SubscriptionResult>
  /** Maps `data` to the event (the `agentEvent` document's `result`). */
  map: (data: unknown) => AgentEventResult | null | undefined
  /** How long to wait for `subscribed` before taking the subscription as live. */
  subscribeTimeoutMs: number
  maxRetries: number
  retryDelayMs: number
}

export class AgentStream {
  #subscription: Subscription | undefined
  #readyTimer: ReturnType<typeof setTimeout> | undefined
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  #ready: Promise<void> | undefined
  #resolveReady: (() => void) | undefined
  #live = false
  #generation = 0
  #everLive = false
  #failures = 0
  #state: "idle" | "opening" | "live" | "closed" = "idle"

  constructor(
    readonly options: AgentStreamOptions,
    readonly handlers: AgentStreamHandlers,
  ) {}

  /** Opens the subscription if it is not open; resolves once it is live (or taken as live). */
  ready(): Promise<void> {
    if (this.#state === "closed") return Promise.resolve()
    if (this.#ready === undefined) {
      this.#ready = new Promise((resolve) => {
        this.#resolveReady = resolve
      })
    }
    if (this.#state === "idle") this.#open()
    return this.#ready
  }

  /** Stops the subscription for good. */
  close(): void {
    this.#state = "closed"
    this.#generation += 1
    clearTimeout(this.#readyTimer)
    clearTimeout(this.#retryTimer)
    this.#subscription?.unsubscribe()
    this.#subscription = undefined
    this.#resolveReady?.()
  }

  #open(): void {
    this.#state = "opening"
    this.#live = false
    // Callbacks of a subscription that was since dropped or replaced are ignored.
    const generation = ++this.#generation
    const current = () => generation === this.#generation && this.#state !== "closed"
    const subscription = this.options.open().subscribe({
      next: (result) => {
        if (!current()) return
        if (result.error !== undefined) {
          this.#drop(result.error)
          return
        }
        const event = this.options.map(result.data)
        this.#markLive()
        if (event) this.handlers.onEvent(event)
      },
      error: (error: unknown) => {
        if (current()) this.#drop(error)
      },
      complete: () => {
        if (current()) this.#drop(new Error("the server ended the event stream"))
      },
    })
    if (!current()) {
      subscription.unsubscribe()
      return
    }
    this.#subscription = subscription
    if (!this.#live) {
      this.#readyTimer = setTimeout(() => this.#markLive(), this.options.subscribeTimeoutMs)
    }
  }

  #markLive(): void {
    if (this.#live || this.#state === "closed") return
    this.#live = true
    this.#state = "live"
    this.#failures = 0
    clearTimeout(this.#readyTimer)
    const reconnected = this.#everLive
    this.#everLive = true
    this.#resolveReady?.()
    this.handlers.onReady(reconnected)
  }

  #drop(cause: unknown): void {
    if (this.#state === "closed") return
    clearTimeout(this.#readyTimer)
    this.#generation += 1
    this.#subscription?.unsubscribe()
    this.#subscription = undefined
    this.#live = false
    const classified = classifyError(cause, "The agent's event stream")
    const reason = classified.error.message.replace(/\.$/, "")
    if (!classified.transient) {
      // The server refused the subscription itself (unknown agent, bad token): asking again won't help.
      this.#giveUp(classified.error, false)
      return
    }
    if (this.#failures >= this.options.maxRetries) {
      this.#giveUp(
        new ChatError(
          "CONNECTION_LOST",
          `${reason}; streaming stopped after ${this.options.maxRetries + 1} attempts. Answers still arrive when each turn ends.`,
          { retryable: true, cause },
        ),
        true,
      )
      return
    }
    const error = new ChatError(
      "CONNECTION_LOST",
      `${reason}; reconnecting and reloading the conversation.`,
      { retryable: true, cause },
    )
    this.#state = "opening"
    this.handlers.onDrop(error)
    const delay = backoffDelay(this.#failures, this.options.retryDelayMs)
    this.#failures += 1
    this.#retryTimer = setTimeout(() => {
      if (this.#state !== "closed") this.#open()
    }, delay)
  }

  #giveUp(error: ChatError, connectionLost: boolean): void {
    this.#state = "idle"
    this.#failures = 0
    // Whoever waits for this stream proceeds without it (the HTTP answer still arrives).
    this.#resolveReady?.()
    this.#ready = undefined
    this.handlers.onGiveUp(error, connectionLost)
  }
}
