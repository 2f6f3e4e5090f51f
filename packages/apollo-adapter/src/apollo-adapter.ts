/**
 * GraphQL through Apollo Client as a `NetworkAdapter`: the Modus chat-agent contract by
 * default, any schema through `documents`, streaming through the `agentEvent` subscription.
 */

import {
  type AdapterCapabilities,
  DEFAULT_IDLE_TIMEOUT_MS,
  NetworkAdapter,
  type RespondToToolCallOptions,
  type SendMessageOptions,
} from "@aichatkit/network-adapter"
import {
  ChatError,
  type ChatResponse,
  type ChatResponseItem,
  type ToolCallResponse,
} from "@aichatkit/types"
import type { ApolloClient } from "@apollo/client"
import { AgentStream } from "./agent-stream.js"
import { uploadAttachments } from "./attachments.js"
import { createOwnedClient, type OwnedClient } from "./client.js"
import { decodeItems } from "./decode.js"
import { type ResultOf, resolveDocuments } from "./documents.js"
import { checkMessage, what } from "./encode.js"
import { checkAgent, reloadFailed } from "./errors.js"
import { type OperationHost, runOperation, subscribeToAgentEvents } from "./operations.js"
import { capabilitiesFor } from "./options.js"
import { raceAbort } from "./retry.js"
import { StreamRouter } from "./stream-router.js"
import { TurnWatch } from "./turn.js"
import {
  type ApolloAdapterOptions,
  type ChatDocuments,
  DEFAULT_API_URL,
  type OperationInput,
} from "./types.js"

/** A `NetworkAdapter` over GraphQL with Apollo Client 4. */
export class ApolloAdapter extends NetworkAdapter {
  override readonly capabilities: Readonly<AdapterCapabilities>
  /** The Apollo client in use: the one given, or the adapter's own. */
  readonly client: ApolloClient

  readonly #owned: OwnedClient | undefined
  readonly #documents: ReturnType<typeof resolveDocuments>
  readonly #subscribeTimeoutMs: number
  readonly #idleTimeoutMs: number
  readonly #options: ApolloAdapterOptions
  /** The running turns' watches by agent: each streamed event counts as data of the turn. */
  readonly #watches = new Map<string, TurnWatch>()
  #apiToken: string | undefined
  readonly #streams = new Map<string, AgentStream>()
  readonly #router: StreamRouter
  readonly #stopped = new Set<string>()
  readonly #operationHost: OperationHost

  constructor(options: ApolloAdapterOptions = {}) {
    super()
    this.#apiToken = options.apiToken
    this.#subscribeTimeoutMs = options.subscribeTimeoutMs ?? 1_000
    this.#idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
    this.#documents = resolveDocuments(options.documents)
    if (options.apolloClient) {
      this.client = options.apolloClient
    } else {
      this.#owned = createOwnedClient(
        options,
        options.apiUrl ?? DEFAULT_API_URL,
        () => this.#apiToken,
      )
      this.client = this.#owned.client
    }
    this.#router = new StreamRouter((event) => this.emit(event), {
      maxEventSize: options.maxEventSize ?? 1024 * 1024,
      doneTimeoutMs: options.doneTimeoutMs ?? 2_000,
    })
    this.capabilities = capabilitiesFor(options)
    this.#options = options
    this.#operationHost = {
      client: this.client,
      documents: this.#documents,
      maxRetries: Math.max(0, options.maxRetries ?? 3),
      retryDelayMs: options.retryDelayMs ?? 300,
      wireObserved: () => this.wireObserved,
      tapWire: (direction, data, agentId) => this.tapWire(direction, "graphql", data, agentId),
      emit: (event) => this.emit(event),
    }
  }

  /** Accepts `{ apiToken }` to change the token of later calls. */
  // biome-ignore lint/suspicious/noExplicitAny: the seed contract types config this way.
  override async initialize(config?: Record<string, any>): Promise<void> {
    if (typeof config?.apiToken === "string") this.#apiToken = config.apiToken
  }

  async startChatAgent(): Promise<string> {
    const agentId = await this.#run("createConversation", { agentId: "" })
    if (typeof agentId !== "string" || agentId === "") {
      throw new ChatError(
        "PROTOCOL_ERROR",
        "The server created a conversation but sent no id for it; check the createConversation document.",
      )
    }
    if (this.capabilities.streaming) await this.#streamFor(agentId).ready()
    return agentId
  }

  async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    checkAgent(agentId, this.#stopped)
    if (options.regenerate === true && !this.capabilities.regenerateLast) {
      throw new ChatError(
        "UNSUPPORTED",
        "Answering again needs documents.regenerate (your mutation); send the message again instead.",
      )
    }
    const files = options.attachments ?? []
    checkMessage(message, files.length > 0)
    const watch = new TurnWatch(options.signal, this.#idleTimeoutMs)
    this.#watches.set(agentId, watch)
    try {
      const attachments =
        files.length === 0 ? undefined : await uploadAttachments(files, this.#options, options)
      const input = { agentId, message, ...(attachments ? { attachments } : {}) }
      const operation = options.regenerate === true ? "regenerate" : "continueChat"
      return await this.#turn(agentId, input, watch.signal, operation)
    } catch (error) {
      throw watch.failure(error)
    } finally {
      watch.stop()
      if (this.#watches.get(agentId) === watch) this.#watches.delete(agentId)
    }
  }

  /**
   * One turn: a message (`continueChat`) or the last one answered again (`regenerate`); `signal`
   * aborts on cancel and on the idle timeout.
   */
  async #turn(
    agentId: string,
    input: OperationInput,
    signal: AbortSignal,
    operation: "continueChat" | "regenerate",
  ): Promise<ChatResponse> {
    if (!this.capabilities.streaming) {
      const raw = await this.#run(operation, input, signal)
      return { items: this.#decode(agentId, raw, "the agent's answer"), conversationId: agentId }
    }
    await raceAbort(this.#streamFor(agentId).ready(), signal, what[operation])
    const turn = this.#router.beginTurn(agentId)
    try {
      const raw = await this.#run(operation, input, signal)
      const items = this.#decode(agentId, raw, "the agent's answer")
      await turn.finish(items, signal)
      return { items, conversationId: agentId }
    } catch (error) {
      turn.abandon(error instanceof ChatError && error.code === "CANCELLED")
      throw error
    }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    checkAgent(agentId, this.#stopped)
    const raw = await this.#run("chatHistory", { agentId })
    return this.#decode(agentId, raw, "the conversation history")
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    checkAgent(agentId, this.#stopped)
    const cleared = await this.#run("deleteConversationHistory", { agentId })
    if (cleared === false) {
      throw new ChatError("SERVER_ERROR", "The server did not clear the conversation; try again.", {
        retryable: true,
      })
    }
    this.#forgetCached(agentId)
  }

  async stopChatAgent(agentId: string): Promise<void> {
    checkAgent(agentId, this.#stopped)
    this.#streams.get(agentId)?.close()
    this.#streams.delete(agentId)
    const deleted = await this.#run("deleteAgent", { agentId })
    if (deleted === false) {
      throw new ChatError("NOT_FOUND", `The server has no agent "${agentId}" to stop.`)
    }
    this.#stopped.add(agentId)
    this.#forgetCached(agentId)
  }

  /**
   * Sends the answer to a tool call that waits through `documents.respondToToolCall` (the app's
   * mutation); the agent's next run streams on the `agentEvent` subscription. `options.signal`
   * stops waiting for the mutation; GraphQL has no operation to stop the server's run, so the
   * store's Stop ends the run on the page and drops what the server still sends for it.
   */
  override async respondToToolCall(
    agentId: string,
    toolCallId: string,
    response: ToolCallResponse,
    options: RespondToToolCallOptions = {},
  ): Promise<void> {
    checkAgent(agentId, this.#stopped)
    if (!this.capabilities.toolApproval) {
      throw new ChatError(
        "UNSUPPORTED",
        "Answers to tool calls need documents.respondToToolCall (your mutation) and subscriptions.",
      )
    }
    const { signal } = options
    await raceAbort(this.#streamFor(agentId).ready(), signal, what.respondToToolCall)
    this.#router.reopenToolCall(agentId, toolCallId)
    const input = { agentId, toolCallId, response }
    const accepted = await this.#run("respondToToolCall", input, signal)
    if (accepted === false) {
      throw new ChatError("INVALID_INPUT", "The server did not accept the answer to the tool call.")
    }
  }

  /** Closes every subscription and, when the adapter made the client, the client itself. */
  dispose(): void {
    for (const stream of this.#streams.values()) stream.close()
    this.#streams.clear()
    this.#owned?.dispose()
  }

  /** Runs one operation of the contract (see operations.ts). */
  #run<K extends keyof ChatDocuments>(
    name: K,
    input: OperationInput,
    signal?: AbortSignal,
  ): Promise<ResultOf<K>> {
    return runOperation(this.#operationHost, name, input, signal)
  }

  #decode(agentId: string, raw: unknown, source: string): ChatResponseItem[] {
    const { items, errors } = decodeItems(raw, source)
    for (const error of errors) this.emit({ type: "error", agentId, error })
    return items
  }

  /** Drops what the app's own queries may have cached for this agent, so nothing stale shows. */
  #forgetCached(agentId: string): void {
    this.#router.forget(agentId)
    const cache = this.client.cache
    cache.evict({ id: "ROOT_QUERY", fieldName: "chatHistory", args: { id: agentId } })
    cache.evict({ id: "ROOT_QUERY", fieldName: "continueChat" })
    cache.gc()
  }

  #streamFor(agentId: string): AgentStream {
    let stream = this.#streams.get(agentId)
    if (stream) return stream
    stream = new AgentStream(
      {
        open: () => subscribeToAgentEvents(this.#operationHost, agentId),
        map: (data) => this.#documents.agentEvent.result(data),
        subscribeTimeoutMs: this.#subscribeTimeoutMs,
        maxRetries: this.#operationHost.maxRetries,
        retryDelayMs: this.#operationHost.retryDelayMs,
      },
      {
        onEvent: (event) => {
          this.tapWire("in", "graphql", event, agentId)
          this.#watches.get(agentId)?.touch()
          this.#router.handle(agentId, event)
        },
        onReady: (reconnected) => {
          if (reconnected) void this.#recover(agentId)
          else if (this.connectionStatus !== "open") {
            this.emit({ type: "connection-changed", status: "open" })
          }
        },
        onDrop: (error) => {
          this.emit({ type: "connection-changed", status: "reconnecting", error: error.toJSON() })
        },
        onGiveUp: (error, connectionLost) => {
          this.emit({ type: "error", agentId, error: error.toJSON() })
          if (connectionLost) {
            this.emit({ type: "connection-changed", status: "closed", error: error.toJSON() })
          }
        },
      },
    )
    this.#streams.set(agentId, stream)
    if (this.connectionStatus === "closed") {
      this.emit({ type: "connection-changed", status: "connecting" })
    }
    return stream
  }

  /** After a drop: reload the conversation so whatever streamed while away is shown once. */
  async #recover(agentId: string): Promise<void> {
    try {
      this.#router.recover(agentId, await this.getConversationItems(agentId))
      this.emit({ type: "connection-changed", status: "open" })
    } catch (error) {
      this.emit({ type: "error", agentId, error: reloadFailed(error) })
      this.emit({ type: "connection-changed", status: "open" })
    }
  }
}
