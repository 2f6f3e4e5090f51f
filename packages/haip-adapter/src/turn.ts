/**
 * One turn of one agent: the user's message out, the server's frames in, ChatEvents emitted
 * in a legal order (run-started, the user's item, the answer's items, run-finished), and the
 * turn's ChatResponse at the end. Frames the turn cannot use are reported, never thrown.
 */
import { type HAIPMessage, HAIPUtils, type TurnEnd, TurnTracker } from "@aichatkit/haip-client"
import { endTurn, ItemFold } from "@aichatkit/network-adapter"
import {
  type Attachment,
  ChatError,
  type ChatEvent,
  type ChatResponse,
  type ChatResponseItem,
  type MessageAudio,
  type RunFinishStatus,
  toChatError,
} from "@aichatkit/types"
import { decodeFrame } from "./decode.js"
import { adapterErrorFor, fromHAIPError, haipCodeOf } from "./errors.js"

/** What a turn needs from its adapter. */
export interface TurnHost {
  /** Emits an event (and folds it into the agent's transcript). */
  emit(event: ChatEvent): void
  /** ISO time for new items. */
  now(): string
  /** Asks the server to cancel a run (RUN_CANCEL) or one tool call (TOOL_CANCEL). */
  cancelRun(serverRunId: string): void
  cancelTool(callId: string): void
}

export class AgentTurn {
  /** The run id the turn's events carry (local, so events can start before the server answers). */
  readonly runId = HAIPUtils.generateUUID()
  /** The frame id of the user's MESSAGE, to match the server's errors about it. */
  messageFrameId: string | undefined
  readonly response: Promise<ChatResponse>
  readonly #agentId: string
  readonly #host: TurnHost
  readonly #tracker: TurnTracker
  readonly #items = new ItemFold()
  readonly #open = new Set<string>()
  readonly #runEvents: boolean
  readonly #cancelGraceMs: number
  readonly #silenceMs: number
  #silenceTimer: ReturnType<typeof setTimeout> | undefined
  #serverRunId: string | undefined
  #cancelRequested = false
  #cancelTimer: ReturnType<typeof setTimeout> | undefined
  readonly #context: { agentId: string; runId: string; now: () => string }
  #settle!: { resolve: (response: ChatResponse) => void; reject: (error: ChatError) => void }
  #ended = false

  constructor(
    agentId: string,
    host: TurnHost,
    options: { runEvents: boolean; idleMs: number; cancelGraceMs: number; silenceMs?: number },
  ) {
    this.#agentId = agentId
    this.#host = host
    this.#runEvents = options.runEvents
    this.#cancelGraceMs = options.cancelGraceMs
    this.#silenceMs = options.silenceMs ?? 0
    this.#context = { agentId, runId: this.runId, now: host.now }
    this.#tracker = new TurnTracker({
      runEvents: options.runEvents,
      idleMs: options.idleMs,
      onEnd: (end) => this.end(end),
    })
    this.response = new Promise<ChatResponse>((resolve, reject) => {
      this.#settle = { resolve, reject }
    })
    // The adapter awaits `response`; this keeps an early failure from counting as unhandled.
    this.response.catch(() => undefined)
  }

  get ended(): boolean {
    return this.#ended
  }

  /** Whether the server opened its run for the turn (RUN_STARTED came): it took the request. */
  get runStarted(): boolean {
    return this.#serverRunId !== undefined
  }

  /** Emits run-started and the user's item (a voice message's says its audio's media type). */
  start(text: string, audio?: MessageAudio, attachments?: Attachment[]): void {
    this.#watchSilence()
    this.#emit({ type: "run-started", agentId: this.#agentId, runId: this.runId })
    const item: ChatResponseItem = {
      id: HAIPUtils.generateUUID(),
      type: "message",
      role: "user",
      content: text,
      timestamp: this.#host.now(),
      ...(audio ? { audio } : {}),
      ...(attachments && attachments.length > 0 ? { attachments } : {}),
    }
    this.#emit({ type: "item-added", agentId: this.#agentId, runId: this.runId, item })
    this.#emit({ type: "item-done", agentId: this.#agentId, runId: this.runId, itemId: item.id })
  }

  /** Emits run-started only: the turn after the answer to a tool call, with no user message. */
  resume(): void {
    this.#watchSilence()
    this.#emit({ type: "run-started", agentId: this.#agentId, runId: this.runId })
  }

  /** A frame of the agent's transaction arrived while this turn runs. */
  observe(frame: HAIPMessage): void {
    if (this.#ended) return
    this.#watchSilence()
    if (
      frame.type === "RUN_STARTED" &&
      frame.run_id !== undefined &&
      this.#serverRunId === undefined
    ) {
      this.#serverRunId = frame.run_id
      if (this.#cancelRequested) this.#host.cancelRun(frame.run_id)
    }
    // Frames of another run (one cancelled earlier that is still winding down) are not ours.
    if (
      frame.run_id !== undefined &&
      this.#serverRunId !== undefined &&
      frame.run_id !== this.#serverRunId
    )
      return
    const events = decodeFrame(frame, this.#context)
    for (const event of events) this.#apply(event)
    this.#tracker.observe(frame)
  }

  /** The user aborted: cancel on the server, and end here if the server does not answer in time. */
  cancel(): void {
    if (this.#ended || this.#cancelRequested) return
    this.#cancelRequested = true
    if (this.#serverRunId !== undefined) this.#host.cancelRun(this.#serverRunId)
    if (!this.#runEvents && this.#serverRunId === undefined) {
      // A server without runs has nothing to cancel but its tool calls; end the turn now.
      for (const id of this.#open)
        if (this.#items.get(id)?.type === "tool_call") this.#host.cancelTool(id)
      this.end({ status: "cancelled" })
      return
    }
    this.#cancelTimer = setTimeout(() => this.end({ status: "cancelled" }), this.#cancelGraceMs)
  }

  /** Ends the turn: closes what is open, emits run-finished and settles the response. */
  end(end: TurnEnd): void {
    if (this.#ended) return
    this.#ended = true
    this.#tracker.end(end)
    if (this.#cancelTimer !== undefined) clearTimeout(this.#cancelTimer)
    if (this.#silenceTimer !== undefined) clearTimeout(this.#silenceTimer)
    const status: RunFinishStatus =
      this.#cancelRequested && end.status !== "error" ? "cancelled" : end.status
    const error = end.error ? adapterErrorFor(end.error.code, end.error.message) : undefined
    const open = [...this.#open].flatMap((id) => this.#items.get(id) ?? [])
    this.#open.clear()
    const ending = { agentId: this.#agentId, runId: this.runId, status }
    for (const event of endTurn(open, error ? { ...ending, error } : ending)) this.#emit(event)
    if (status === "ok") {
      this.#settle.resolve({ items: this.#items.items(), conversationId: this.#agentId })
    } else if (status === "cancelled") {
      this.#settle.reject(
        new ChatError("CANCELLED", "The run was cancelled before the agent finished answering."),
      )
    } else {
      const failure = error ?? {
        code: "SERVER_ERROR" as const,
        message: "The turn failed.",
        retryable: true,
      }
      this.#settle.reject(toChatError(failure))
    }
  }

  #apply(event: ChatEvent): void {
    switch (event.type) {
      case "error":
        this.#host.emit(event)
        return
      case "item-added": {
        const known = this.#items.get(event.item.id)
        if (known) {
          // A repeat of an item already there changes nothing; another kind under its id is wrong.
          if (known.type !== event.item.type) {
            this.#protocolError(
              `The server sent a ${event.item.type} with the id of a ${known.type} (${event.item.id}); it was skipped.`,
            )
          }
          return
        }
        this.#open.add(event.item.id)
        this.#emit(event)
        return
      }
      case "text-delta":
      case "audio-chunk":
      case "item-updated":
      case "item-done":
        if (!this.#items.has(event.itemId)) {
          this.#protocolError(
            `The server sent ${event.type} for item ${event.itemId}, which it never started; it was skipped.`,
          )
          return
        }
        if (!this.#fits(event)) {
          this.#protocolError(
            `The server sent ${event.type} for item ${event.itemId}, which is a ${this.#items.get(event.itemId)?.type}; it was skipped.`,
          )
          return
        }
        // An item already done takes no more changes.
        if (!this.#open.has(event.itemId)) return
        if (event.type === "item-done") this.#open.delete(event.itemId)
        this.#emit(event)
        return
      case "tool-response-requested":
        // The call waits for the client: settled for this turn, as item-done settles it.
        if (this.#items.get(event.itemId)?.type !== "tool_call" || !this.#open.has(event.itemId))
          return
        this.#open.delete(event.itemId)
        this.#emit(event)
        return
      default:
        return
    }
  }

  /** Whether a change fits the kind of item it targets (text for messages, tool fields for tool calls). */
  #fits(event: ChatEvent): boolean {
    const item = "itemId" in event ? this.#items.get(event.itemId) : undefined
    if (event.type === "text-delta" || event.type === "audio-chunk") return item?.type === "message"
    if (event.type === "item-updated" && event.patch.toolCall) return item?.type === "tool_call"
    return true
  }

  /** (Re)starts the wait for the server's next frame of this turn; a turn never hangs forever. */
  #watchSilence(): void {
    if (this.#silenceMs <= 0) return
    if (this.#silenceTimer !== undefined) clearTimeout(this.#silenceTimer)
    this.#silenceTimer = setTimeout(() => {
      const seconds = Math.round(this.#silenceMs / 1000)
      this.end({
        status: "error",
        error: {
          code: "TIMEOUT",
          message: `The server sent nothing for this turn in ${seconds} s; send the message again.`,
        },
      })
    }, this.#silenceMs)
  }

  #protocolError(message: string): void {
    this.#host.emit({
      type: "error",
      agentId: this.#agentId,
      runId: this.runId,
      error: { code: "PROTOCOL_ERROR", message, retryable: false },
    })
  }

  #emit(event: ChatEvent): void {
    this.#items.apply(event)
    this.#host.emit(event)
  }
}

/** Ends `turn` (unless it ended already) after its message could not be sent. */
export function endTurnOnSendFailure(turn: AgentTurn, error: unknown): void {
  if (turn.ended) return
  const code = haipCodeOf(error, "CONNECTION_FAILED")
  turn.end({ status: "error", error: { code, message: fromHAIPError(error).message } })
}
