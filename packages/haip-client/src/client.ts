/**
 * The HAIP client of the seeds: `createHAIPClient(config)` / `HAIPClientImpl`, with the
 * spec's run, message and tool methods and the reference server's transactions
 * (`authenticate`, `startTransaction`). The connection itself lives in {@link HAIPConnection}.
 */

import { encodeBase64 } from "./base64.js"
import { HAIPConnection } from "./connection.js"
import { HAIPError } from "./errors.js"
import { generateUUID } from "./ids.js"
import {
  audioChunkFrame,
  replayRequestFrame,
  runStartedFrame,
  textMessageFrames,
  toolCancelFrame,
  toolDoneFrame,
  toolUpdateFrame,
  withIds,
} from "./outgoing.js"
import { RunRegistry } from "./runs.js"
import type { HAIPTransaction } from "./transaction.js"
import { TransactionRegistry } from "./transactions.js"
import type {
  HAIPChannel,
  HAIPClientConfig,
  HAIPConnectionState,
  HAIPMessage,
  HAIPMessageOptions,
  HAIPOutgoingMessage,
  HAIPRun,
  HAIPRunStatus,
  HAIPToolUpdateStatus,
} from "./types.js"

export class HAIPClientImpl extends HAIPConnection {
  readonly #transactions = new TransactionRegistry((message) => this.sendMessage(message))
  readonly #runs = new RunRegistry()

  constructor(config: HAIPClientConfig) {
    super(config)
  }

  /** Starts a run (`RUN_STARTED`) and resolves with its id. */
  async startRun(threadId?: string, metadata?: Record<string, unknown>): Promise<string> {
    const active = this.#runs.activeCount
    if (active >= this.config.maxConcurrentRuns) {
      throw new HAIPError(
        "RUN_LIMIT_EXCEEDED",
        `${active} runs are active, the most this client allows (maxConcurrentRuns); finish one first.`,
      )
    }
    const runId = generateUUID()
    await this.sendMessage(runStartedFrame(runId, threadId, metadata))
    this.#runs.started(runId, threadId, metadata)
    return runId
  }

  /** Finishes a run (`RUN_FINISHED`). */
  async finishRun(runId: string, status: HAIPRunStatus = "OK", summary?: string): Promise<void> {
    const payload: Record<string, unknown> = { status }
    if (summary !== undefined) payload.summary = summary
    await this.sendMessage({ type: "RUN_FINISHED", channel: "SYSTEM", payload, run_id: runId })
    this.#runs.ended(runId, status, summary)
  }

  /** Asks for a run to be cancelled (`RUN_CANCEL`). */
  async cancelRun(runId: string, transaction?: string): Promise<void> {
    const message: HAIPOutgoingMessage = {
      type: "RUN_CANCEL",
      channel: "SYSTEM",
      payload: {},
      run_id: runId,
    }
    if (transaction !== undefined) message.transaction = transaction
    await this.sendMessage(message)
  }

  /** The runs that have started and not finished. */
  getActiveRuns(): HAIPRun[] {
    return this.#runs.active()
  }

  /** One run by id (active, or among the last finished ones). */
  getRun(runId: string): HAIPRun | undefined {
    return this.#runs.get(runId)
  }

  /**
   * Sends a whole text message in the spec's form (`MESSAGE_START` with the text, then
   * `MESSAGE_END`) and resolves with its message id. Inside a reference transaction, use
   * the transaction's `sendTextMessage` instead.
   */
  async sendTextMessage(
    channel: HAIPChannel,
    text: string,
    author?: string,
    runId?: string,
    threadId?: string,
  ): Promise<string> {
    const messageId = generateUUID()
    const [start, end] = textMessageFrames(channel, messageId, text, author)
    await this.sendMessage(withIds(start, runId, threadId))
    await this.sendMessage(withIds(end, runId, threadId))
    return messageId
  }

  /** Sends any frame; `options` is accepted for the seed's signature. */
  override sendMessage(
    message: HAIPOutgoingMessage,
    _options?: HAIPMessageOptions,
  ): Promise<string> {
    return super.sendMessage(message)
  }

  /**
   * Sends binary data as `AUDIO_CHUNK`: a raw frame after its envelope on WebSocket to a server
   * whose HAI announced `binary_frames: true`, base64 in `payload.data` otherwise.
   */
  async sendBinary(
    data: ArrayBuffer,
    options: { channel?: HAIPChannel; mime?: string; messageId?: string } = {},
  ): Promise<void> {
    if (!this.isConnected() && this.phase !== "reconnecting") {
      throw new HAIPError("NOT_CONNECTED", "The client is not connected; call connect() first.")
    }
    const channel = options.channel ?? "AUDIO_IN"
    const mime = options.mime ?? "application/octet-stream"
    const payload: Record<string, unknown> = {
      message_id: options.messageId ?? generateUUID(),
      mime,
    }
    const frame = {
      id: generateUUID(),
      transaction: null,
      ts: String(Date.now()),
      channel,
      type: "AUDIO_CHUNK" as const,
      payload,
    }
    // A raw binary frame only to a server that announced it takes them (ours does not, nor
    // does a server that says nothing): otherwise the spec's other form, base64 in the payload.
    if (this.supportsBinary && this.serverInfo?.binaryFrames === true) {
      this.submitBinary({ ...frame, bin_len: data.byteLength, bin_mime: mime }, data)
    } else {
      payload.data = encodeBase64(data)
      await this.sendMessage({ type: frame.type, channel, payload })
    }
  }

  /** Sends an audio chunk (`AUDIO_CHUNK`, data base64-encoded). */
  async sendAudioChunk(
    channel: HAIPChannel,
    messageId: string,
    mime: string,
    data: ArrayBuffer,
    durationMs?: number,
    runId?: string,
    threadId?: string,
  ): Promise<void> {
    const frame = audioChunkFrame(channel, messageId, mime, encodeBase64(data), durationMs)
    await this.sendMessage(withIds(frame, runId, threadId))
  }

  /** Calls a tool (`TOOL_CALL`) and resolves with the call id. */
  async callTool(
    channel: HAIPChannel,
    tool: string,
    params: Record<string, unknown> = {},
    runId?: string,
    threadId?: string,
  ): Promise<string> {
    const callId = generateUUID()
    await this.sendMessage(
      withIds(
        { type: "TOOL_CALL", channel, payload: { call_id: callId, tool, params } },
        runId,
        threadId,
      ),
    )
    return callId
  }

  /** Reports a tool call's progress (`TOOL_UPDATE`). */
  async updateTool(
    channel: HAIPChannel,
    callId: string,
    status: HAIPToolUpdateStatus,
    progress?: number,
    partial?: unknown,
    runId?: string,
    threadId?: string,
  ): Promise<void> {
    const frame = toolUpdateFrame(channel, callId, status, progress, partial)
    await this.sendMessage(withIds(frame, runId, threadId))
  }

  /** Completes a tool call (`TOOL_DONE`). */
  async completeTool(
    channel: HAIPChannel,
    callId: string,
    status: HAIPRunStatus = "OK",
    result?: unknown,
    runId?: string,
    threadId?: string,
  ): Promise<void> {
    await this.sendMessage(withIds(toolDoneFrame(channel, callId, status, result), runId, threadId))
  }

  /** Asks for a tool call to be cancelled (`TOOL_CANCEL`). */
  async cancelTool(
    channel: HAIPChannel,
    callId: string,
    reason?: string,
    runId?: string,
    threadId?: string,
  ): Promise<void> {
    await this.sendMessage(withIds(toolCancelFrame(channel, callId, reason), runId, threadId))
  }

  /** Grants the server more credits on a channel (`FLOW_UPDATE`). */
  async sendFlowUpdate(channel: string, addMessages = 0, addBytes = 0): Promise<void> {
    await this.sendMessage({
      type: "FLOW_UPDATE",
      channel: "SYSTEM",
      payload: { channel, add_messages: addMessages, add_bytes: addBytes },
    })
  }

  /** Asks the server to stop sending on a channel (`PAUSE_CHANNEL`). */
  async pauseChannel(channel: string): Promise<void> {
    await this.sendMessage({ type: "PAUSE_CHANNEL", channel: "SYSTEM", payload: { channel } })
  }

  /** Asks the server to send on a channel again (`RESUME_CHANNEL`). */
  async resumeChannel(channel: string): Promise<void> {
    await this.sendMessage({ type: "RESUME_CHANNEL", channel: "SYSTEM", payload: { channel } })
  }

  /** Asks the server to send frames `fromSeq`..`toSeq` again (`REPLAY_REQUEST`); duplicates are dropped. */
  async requestReplay(fromSeq: string, toSeq?: string, transaction?: string): Promise<void> {
    await this.sendMessage(replayRequestFrame(fromSeq, toSeq, transaction))
  }

  /** The connection's state in the seed's shape. */
  getConnectionState(): HAIPConnectionState {
    const { credits, byteCredits } = this.credits()
    return {
      connected: this.isConnected(),
      handshakeCompleted: this.isConnected(),
      sessionId: this.sessionId,
      lastAck: String(this.lastDelivered),
      reconnectAttempts: this.reconnectAttempts,
      credits,
      byteCredits,
    }
  }

  /**
   * Opens a transaction bound to `toolName` and resolves once the server accepts it.
   * Rejects with `TOOL_NOT_FOUND` (or the server's code) when it refuses.
   */
  startTransaction(
    toolName: string,
    params: Record<string, unknown> = {},
    options: { timeoutMs?: number } = {},
  ): Promise<HAIPTransaction> {
    return this.#transactions.start(toolName, params, options.timeoutMs ?? 10_000)
  }

  /** The transactions open now. */
  getTransactions(): HAIPTransaction[] {
    return this.#transactions.list()
  }

  /** One open transaction by id. */
  getTransaction(id: string): HAIPTransaction | undefined {
    return this.#transactions.get(id)
  }

  protected override onFrame(frame: HAIPMessage): void {
    this.#runs.observe(frame)
    this.#transactions.route(frame, (error) => this.emit("error", error))
  }

  protected override onSessionLost(): void {
    this.#transactions.closeAll("session lost")
  }

  protected override onConnectionEnded(error: HAIPError): void {
    this.#transactions.failAll(error)
  }
}

/** Creates a client (the seed's factory). */
export function createHAIPClient(config: HAIPClientConfig): HAIPClientImpl {
  return new HAIPClientImpl(config)
}
