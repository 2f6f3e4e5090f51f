/**
 * GraphQL through Apollo Client as a `NetworkAdapter`: the Modus chat-agent contract by
 * default, any schema through `documents`, streaming through the `agentEvent` subscription.
 */

import {
  type AdapterCapabilities,
  DEFAULT_IDLE_TIMEOUT_MS,
  NetworkAdapter,
  type SendMessageOptions,
} from "@aichatkit/network-adapter"
import {
  ChatError,
  type ChatResponse,
  type ChatResponseItem,
  type ToolCallResponse,
} from "@aichatkit/types"
import type { ApolloClient } from "@apollo/client"
import type { Observable } from "rxjs"
import { AgentStream, type SubscriptionResult } from "./agent-stream.js"
import { uploadAttachments } from "./attachments.js"
import { createOwnedClient, type OwnedClient } from "./client.js"
import { decodeItems } from "./decode.js"
import { type ResolvedOperation, type ResultOf, resolveDocuments } from "./documents.js"
import { checkMessage, encodeOperation, what } from "./encode.js"
import { classifyError, reloadFailed } from "./errors.js"
import { raceAbort, withRetries } from "./retry.js"
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
  readonly #streaming: boolean
  readonly #maxRetries: number
  readonly #retryDelayMs: number
  readonly #subscribeTimeoutMs: number
  readonly #idleTimeoutMs: number
  readonly #options: ApolloAdapterOptions
  /** The running turns' watches by agent: each streamed event counts as data of the turn. */
  readonly #watches = new Map<string, TurnWatch>()
  #apiToken: string | undefined
  readonly #streams = new Map<string, AgentStream>()
  readonly #router: StreamRouter
  readonly #stopped = new Set<string>()

  constructor(options: ApolloAdapterOptions = {}) {
    super()
    this.#apiToken = options.apiToken
    this.#maxRetries = Math.max(0, options.maxRetries ?? 3)
    this.#retryDelayMs = options.retryDelayMs ?? 300
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
    this.#streaming = options.subscriptions !== undefined
    this.#router = new StreamRouter((event) => this.emit(event), {
      maxEventSize: options.maxEventSize ?? 1024 * 1024,
      doneTimeoutMs: options.doneTimeoutMs ?? 2_000,
    })
    this.capabilities = Object.freeze({
      streaming: this.#streaming,
      cancel: true,
      resume: false,
      toolCalls: true,
      cards: true,
      // Answers need the mutation the app names, and the stream the next run arrives on.
      toolApproval: this.#streaming && options.documents?.respondToToolCall !== undefined,
      // GraphQL carries links: files go only through the app's upload.
      attachments: options.upload !== undefined,
    })
    this.#options = options
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
    if (this.#streaming) await this.#streamFor(agentId).ready()
    return agentId
  }

  async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    this.#checkAgent(agentId)
    const files = options.attachments ?? []
    checkMessage(message, files.length > 0)
    const watch = new TurnWatch(options.signal, this.#idleTimeoutMs)
    this.#watches.set(agentId, watch)
    try {
      const attachments =
        files.length === 0 ? undefined : await uploadAttachments(files, this.#options)
      const input = { agentId, message, ...(attachments ? { attachments } : {}) }
      return await this.#turn(agentId, input, watch.signal)
    } catch (error) {
      throw watch.failure(error)
    } finally {
      watch.stop()
      if (this.#watches.get(agentId) === watch) this.#watches.delete(agentId)
    }
  }

  /** One turn; `signal` aborts on cancel and on the idle timeout. */
  async #turn(agentId: string, input: OperationInput, signal: AbortSignal): Promise<ChatResponse> {
    if (!this.#streaming) {
      const raw = await this.#run("continueChat", input, signal)
      return { items: this.#decode(agentId, raw, "the agent's answer"), conversationId: agentId }
    }
    await raceAbort(this.#streamFor(agentId).ready(), signal, what.continueChat)
    const turn = this.#router.beginTurn(agentId)
    try {
      const raw = await this.#run("continueChat", input, signal)
      const items = this.#decode(agentId, raw, "the agent's answer")
      await turn.finish(items, signal)
      return { items, conversationId: agentId }
    } catch (error) {
      turn.abandon(error instanceof ChatError && error.code === "CANCELLED")
      throw error
    }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    this.#checkAgent(agentId)
    const raw = await this.#run("chatHistory", { agentId })
    return this.#decode(agentId, raw, "the conversation history")
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    this.#checkAgent(agentId)
    const cleared = await this.#run("deleteConversationHistory", { agentId })
    if (cleared === false) {
      throw new ChatError("SERVER_ERROR", "The server did not clear the conversation; try again.", {
        retryable: true,
      })
    }
    this.#forgetCached(agentId)
  }

  async stopChatAgent(agentId: string): Promise<void> {
    this.#checkAgent(agentId)
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
   * mutation); the agent's next run streams on the `agentEvent` subscription.
   */
  override async respondToToolCall(
    agentId: string,
    toolCallId: string,
    response: ToolCallResponse,
  ): Promise<void> {
    this.#checkAgent(agentId)
    if (!this.capabilities.toolApproval) {
      throw new ChatError(
        "UNSUPPORTED",
        "Answers to tool calls need documents.respondToToolCall (your mutation) and subscriptions.",
      )
    }
    await raceAbort(this.#streamFor(agentId).ready(), undefined, what.respondToToolCall)
    this.#router.reopenToolCall(agentId, toolCallId)
    const accepted = await this.#run("respondToToolCall", { agentId, toolCallId, response })
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

  #checkAgent(agentId: string): void {
    if (typeof agentId !== "string" || agentId === "") {
      throw new ChatError("INVALID_INPUT", "No agent id was given; start an agent first.")
    }
    if (this.#stopped.has(agentId)) {
      throw new ChatError(
        "AGENT_NOT_RUNNING",
        `The agent "${agentId}" was stopped; start a new conversation.`,
      )
    }
  }

  /** Runs one operation of the contract, with retries, without reading or writing the cache. */
  async #run<K extends keyof ChatDocuments>(
    name: K,
    input: OperationInput,
    signal?: AbortSignal,
  ): Promise<ResultOf<K>> {
    const operation = this.#documents[name] as ResolvedOperation<unknown>
    const { kind, variables, context } = encodeOperation(operation, input, signal)
    const agentId = input.agentId === "" ? undefined : input.agentId
    return withRetries(
      async () => {
        if (this.wireObserved)
          this.tapWire("out", "graphql", { operation: name, kind, variables }, agentId)
        const result =
          kind === "mutation"
            ? await this.client.mutate({
                mutation: operation.document,
                variables,
                fetchPolicy: "no-cache",
                errorPolicy: "all",
                context,
              })
            : await this.client.query({
                query: operation.document,
                variables,
                fetchPolicy: "no-cache",
                errorPolicy: "all",
                context,
              })
        if (this.wireObserved) {
          const answer = { operation: name, data: result.data, error: result.error?.message }
          this.tapWire("in", "graphql", answer, agentId)
        }
        if (!result.error) return operation.result(result.data) as never
        // An answer with data and errors (a field that failed): keep the data, show the error.
        const data = result.data == null ? undefined : operation.result(result.data)
        if (data === undefined || data === null || input.agentId === "") throw result.error
        const { error } = classifyError(result.error, `${what[name]} partly`)
        this.emit({ type: "error", agentId: input.agentId, error: error.toJSON() })
        return data as never
      },
      { maxRetries: this.#maxRetries, baseDelayMs: this.#retryDelayMs, signal, what: what[name] },
    )
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
    const operation = this.#documents.agentEvent
    stream = new AgentStream(
      {
        open: () => {
          const variables = operation.variables({ agentId })
          const subscription = { operation: "agentEvent", kind: "subscription", variables }
          if (this.wireObserved) this.tapWire("out", "graphql", subscription, agentId)
          return this.client.subscribe({
            query: operation.document,
            variables,
            fetchPolicy: "no-cache",
          }) as unknown as Observable<SubscriptionResult>
        },
        map: (data) => operation.result(data),
        subscribeTimeoutMs: this.#subscribeTimeoutMs,
        maxRetries: this.#maxRetries,
        retryDelayMs: this.#retryDelayMs,
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
