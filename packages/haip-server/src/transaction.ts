/**
 * Transactions (a client's conversation with one tool) and runs (one turn of it: the answer to
 * one client MESSAGE). A run is what `handleMessage` receives as its `client`.
 */
import type { HAIPTool } from "./tool.js"
import { type HistoryBudget, TransactionHistory } from "./transaction-history.js"
import type {
  HAIPMessage,
  HAIPOutgoingFrame,
  HAIPRunStatus,
  HAIPSessionInfo,
  HAIPSessionTransaction,
  HAIPTransactionInfo,
} from "./types.js"

export { type HistoryBudget, TransactionMap } from "./transaction-history.js"

/** What a run needs from its session: a way to queue frames in order. */
export interface FrameSink {
  readonly info: HAIPSessionInfo
  /** Queues a frame for the client, behind the frames queued before it. */
  enqueue(frame: HAIPOutgoingFrame & { transaction?: string }): void
  /** Whether the queue is below its limit. */
  hasRoom(): boolean
  /** Resolves when the queue has room again. */
  waitForRoom(): Promise<void>
}

/** A client's conversation with one tool. */
export class ServerTransaction implements HAIPTransactionInfo {
  /** What `getReplayWindow()` gives tools, within the memory budget. */
  readonly history = new TransactionHistory()
  readonly runs = new Map<string, Run>()
  /** The last client MESSAGE a run answered: what a regeneration answers again. */
  lastMessage: HAIPMessage | undefined

  constructor(
    readonly id: string,
    readonly tool: HAIPTool,
    readonly toolName: string,
    readonly params: Record<string, unknown>,
  ) {}

  getReplayWindow(): HAIPMessage[] {
    return this.history.frames()
  }

  /** Bytes of history kept. */
  get historyBytes(): number {
    return this.history.bytes
  }

  /** Counts the history in a session's budget from now on (see {@link TransactionMap}). */
  useBudget(budget: HistoryBudget): void {
    this.history.useBudget(budget)
  }

  /** Keeps a data frame of this transaction (either direction) for the tool's history. */
  record(frame: HAIPMessage): void {
    this.history.record(frame)
  }

  /** Lets go of the whole history and its budget (the transaction ended). */
  releaseHistory(): void {
    this.history.release()
  }

  /** Stops counting the history in its session's budget, keeping it (it moves to another). */
  leaveBudget(): void {
    this.history.leaveBudget()
  }

  /** Cancels every run (the transaction ended or its session expired). */
  cancelRuns(): void {
    for (const run of this.runs.values()) run.cancel()
  }
}

/** Settings of a run. */
export interface RunOptions {
  /** After a cancel, how long the handler has to wind down before RUN_FINISHED goes anyway. */
  cancelGraceMs: number
  /** Called once when the run has finished. */
  onFinished(run: Run): void
  /** The client MESSAGE the run answers: left out of the handler's `getReplayWindow()`. */
  message?: HAIPMessage
}

/** One turn: the `client` of `handleMessage`. */
export class Run implements HAIPSessionTransaction {
  private readonly controller = new AbortController()
  private readonly callControllers = new Map<string, AbortController>()
  private readonly openMessages = new Set<string>()
  private readonly openCalls = new Set<string>()
  private graceTimer: NodeJS.Timeout | undefined
  private done = false
  /** The transaction as the handler sees it: history without the message being answered. */
  readonly transaction: HAIPTransactionInfo

  constructor(
    private readonly sink: FrameSink,
    serverTransaction: ServerTransaction,
    readonly runId: string,
    private readonly options: RunOptions,
  ) {
    const message = options.message
    this.transaction = {
      id: serverTransaction.id,
      toolName: serverTransaction.toolName,
      params: serverTransaction.params,
      getReplayWindow: () =>
        serverTransaction.getReplayWindow().filter((frame) => frame !== message),
    }
  }

  get session(): HAIPSessionInfo {
    return this.sink.info
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  get finished(): boolean {
    return this.done
  }

  /** Sends RUN_STARTED. */
  start(): void {
    this.sink.enqueue({
      type: "RUN_STARTED",
      channel: "SYSTEM",
      payload: { run_id: this.runId },
      run_id: this.runId,
      transaction: this.transaction.id,
    })
  }

  send(frame: HAIPOutgoingFrame): void {
    if (this.done) return
    const payload = frame.payload as Record<string, unknown> | undefined
    const messageId = typeof payload?.message_id === "string" ? payload.message_id : undefined
    const callId = typeof payload?.call_id === "string" ? payload.call_id : undefined
    if (frame.type === "MESSAGE_START" && messageId) this.openMessages.add(messageId)
    if (frame.type === "MESSAGE_END" && messageId) this.openMessages.delete(messageId)
    if (frame.type === "TOOL_CALL" && callId) this.openCalls.add(callId)
    if (frame.type === "TOOL_DONE" && callId) {
      this.openCalls.delete(callId)
      this.callControllers.delete(callId)
    }
    this.sink.enqueue({
      ...frame,
      run_id: frame.run_id ?? this.runId,
      transaction: this.transaction.id,
    })
  }

  whenWritable(): Promise<void> {
    if (this.done || this.controller.signal.aborted || this.sink.hasRoom()) return Promise.resolve()
    const signal = this.controller.signal
    return new Promise<void>((resolve) => {
      // The listener goes when the wait ends either way: a run waits once per frame, and
      // listeners left on its one signal pile up (MaxListenersExceededWarning).
      const settle = () => {
        signal.removeEventListener("abort", settle)
        resolve()
      }
      signal.addEventListener("abort", settle, { once: true })
      this.sink.waitForRoom().then(settle, settle)
    })
  }

  toolSignal(callId: string): AbortSignal {
    let controller = this.callControllers.get(callId)
    if (!controller) {
      controller = new AbortController()
      if (this.controller.signal.aborted) controller.abort(this.controller.signal.reason)
      this.callControllers.set(callId, controller)
    }
    return controller.signal
  }

  /** Whether this run announced the call and has not completed it. */
  hasOpenCall(callId: string): boolean {
    return this.openCalls.has(callId)
  }

  /** The client cancelled one tool call: abort its signal and say CANCELLING. */
  cancelCall(callId: string): void {
    this.toolSignal(callId)
    this.callControllers.get(callId)?.abort(new Error("The client cancelled the tool call."))
    this.send({
      type: "TOOL_UPDATE",
      channel: "AGENT",
      payload: { call_id: callId, status: "CANCELLING" },
    })
  }

  /**
   * The client cancelled the run: abort the handler's signal, and finish as CANCELLED when
   * it settles or, at the latest, after the grace period.
   */
  cancel(): void {
    if (this.done || this.controller.signal.aborted) return
    this.controller.abort(new Error("The client cancelled the run."))
    for (const controller of this.callControllers.values()) controller.abort()
    this.graceTimer = setTimeout(() => this.finish("CANCELLED"), this.options.cancelGraceMs)
    this.graceTimer.unref?.()
  }

  /** Closes what is still open, then sends RUN_FINISHED. Later calls do nothing. */
  finish(status: HAIPRunStatus, summary?: string): void {
    if (this.done) return
    for (const messageId of this.openMessages) {
      this.send({ type: "MESSAGE_END", channel: "AGENT", payload: { message_id: messageId } })
    }
    for (const callId of [...this.openCalls]) {
      this.send({
        type: "TOOL_DONE",
        channel: "AGENT",
        payload: { call_id: callId, status: "CANCELLED" },
      })
    }
    const payload: Record<string, unknown> = { run_id: this.runId, status }
    if (summary !== undefined) payload.summary = summary
    this.sink.enqueue({
      type: "RUN_FINISHED",
      channel: "SYSTEM",
      payload,
      run_id: this.runId,
      transaction: this.transaction.id,
    })
    this.done = true
    if (this.graceTimer) clearTimeout(this.graceTimer)
    if (!this.controller.signal.aborted) this.controller.abort(new Error("The run has finished."))
    this.options.onFinished(this)
  }
}
