import { NetworkAdapter, type SendMessageOptions } from "@aichatkit/network-adapter"
import {
  type AdapterError,
  ChatError,
  type ChatEvent,
  type ChatResponse,
  type ChatResponseItem,
  chatResponseItemProblem,
  toAdapterError,
} from "@aichatkit/types"
import { type DialectName, dialects } from "./dialects/index.js"
import { httpError } from "./http-errors.js"
import { type ReadOutcome, readStream } from "./read-stream.js"
import { createStreamDecoder, type StreamDecoder } from "./stream-decoder.js"
import { TurnItems } from "./turn-items.js"
import type { DialectRequest, SSEDialect } from "./types.js"

/** How a dropped stream is picked up again. */
export interface ReconnectOptions {
  /** Tries before the turn fails (default 2). */
  attempts?: number
  /** Wait before the first try, doubled for each next one, in ms (default 250). */
  delayMs?: number
  /**
   * A GET endpoint that resumes a session's running stream, like the AI SDK's
   * `${api}/${chatId}/stream` (204: nothing to resume). Without it, resuming needs the
   * server's `id:` lines and re-sends the request with `Last-Event-ID`.
   */
  resumeUrl?: string | ((sessionId: string) => string)
}

/** Options of {@link SSEAdapter}. */
export interface SSEAdapterOptions {
  /** The endpoint that streams a turn (Haira: the workflow's path). */
  url: string
  /** The wire form: a built-in dialect's name or your own {@link SSEDialect} (default "haira"). */
  // biome-ignore lint/suspicious/noExplicitAny: a user's dialect keeps its own state type.
  dialect?: DialectName | SSEDialect<any>
  /** Headers sent with every request. */
  headers?: Record<string, string>
  /** Headers computed per request (a fresh token), merged over `headers`. */
  getHeaders?: () => Record<string, string> | Promise<Record<string, string>>
  /** Extra body fields merged into the dialect's body, or a function returning the whole body. */
  body?: Record<string, unknown> | ((request: DialectRequest, body: unknown) => unknown)
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof globalThis.fetch
  /** Where a session's stored items are read (Haira: `…/_api/chats`, the session id appended, or `{id}` replaced). */
  historyUrl?: string | ((sessionId: string) => string)
  /** Resuming dropped streams; `false` turns it off. */
  reconnect?: false | ReconnectOptions
  /** Largest SSE event accepted, in bytes of text (default 8 MiB). */
  maxEventBytes?: number
}

interface Agent {
  sessionId: string
  items: ChatResponseItem[]
  turns: Set<AbortController>
}

interface Turn {
  agent: Agent
  runId: string
  body: string
  signal: AbortSignal
  decoder: StreamDecoder<unknown>
  emit: (event: ChatEvent) => void
}

const now = () => new Date().toISOString()

function resolveUrl(url: string | ((sessionId: string) => string), sessionId: string): string {
  if (typeof url === "function") return url(sessionId)
  const id = encodeURIComponent(sessionId)
  return url.includes("{id}") ? url.replaceAll("{id}", id) : `${url.replace(/\/$/, "")}/${id}`
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener("abort", done)
      resolve()
    }
    signal.addEventListener("abort", done, { once: true })
  })
}

/**
 * A `NetworkAdapter` over HTTP POST + `text/event-stream`, for Haira workflows, the AI SDK's
 * UI message stream, AG-UI, or any server a custom {@link SSEDialect} describes.
 */
export class SSEAdapter extends NetworkAdapter {
  override readonly capabilities
  readonly #options: SSEAdapterOptions
  readonly #dialect: SSEDialect<unknown>
  readonly #agents = new Map<string, Agent>()

  constructor(options: SSEAdapterOptions) {
    super()
    if (typeof options?.url !== "string" || options.url === "") {
      throw new ChatError(
        "INVALID_INPUT",
        "SSEAdapter needs a url: the endpoint that streams a turn.",
      )
    }
    const dialect =
      typeof options.dialect === "object" ? options.dialect : dialects[options.dialect ?? "haira"]
    if (!dialect) {
      throw new ChatError(
        "INVALID_INPUT",
        `Unknown SSE dialect "${String(options.dialect)}"; use haira, ai-sdk, ag-ui or an SSEDialect object.`,
      )
    }
    this.#options = options
    this.#dialect = dialect as SSEDialect<unknown>
    this.capabilities = Object.freeze({
      streaming: true,
      cancel: true,
      resume: options.reconnect !== false,
      toolCalls: true,
      cards: true,
    })
  }

  async startChatAgent(): Promise<string> {
    const sessionId = crypto.randomUUID()
    this.#agents.set(sessionId, { sessionId, items: [], turns: new Set() })
    return sessionId
  }

  async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    const agent = this.#agent(agentId)
    if (typeof message !== "string" || message.trim() === "") {
      throw new ChatError("INVALID_INPUT", "The message is empty; type something to send.")
    }
    if (options.signal?.aborted)
      throw new ChatError("CANCELLED", "The run was cancelled before it started.")
    const runId = crypto.randomUUID()
    const request: DialectRequest = {
      message,
      sessionId: agent.sessionId,
      runId,
      history: [...agent.items],
    }
    const body = this.#encodeBody(request)
    agent.items.push({
      id: `${runId}-user`,
      type: "message",
      role: "user",
      content: message,
      timestamp: now(),
    })

    const controller = new AbortController()
    const cancel = () => controller.abort()
    options.signal?.addEventListener("abort", cancel, { once: true })
    agent.turns.add(controller)
    const items = new TurnItems()
    const emit = (event: ChatEvent) => {
      items.apply(event)
      this.emit(event)
    }
    const decoder = createStreamDecoder<unknown>({
      dialect: this.#dialect,
      state: this.#dialect.createState({ agentId, runId, now }),
      onEvent: emit,
      ...(this.#options.maxEventBytes === undefined
        ? {}
        : { maxEventBytes: this.#options.maxEventBytes }),
    })
    const turn: Turn = { agent, runId, body, signal: controller.signal, decoder, emit }
    emit({ type: "run-started", agentId, runId })
    try {
      const failure = await this.#run(turn)
      if (failure)
        throw new ChatError(failure.code, failure.message, {
          retryable: failure.retryable,
          cause: failure.cause,
        })
      return { items: items.items(), conversationId: agent.sessionId }
    } finally {
      options.signal?.removeEventListener("abort", cancel)
      agent.turns.delete(controller)
      agent.items.push(...items.items())
    }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    const agent = this.#agent(agentId)
    if (this.#options.historyUrl === undefined) return structuredClone(agent.items)
    const url = resolveUrl(this.#options.historyUrl, agent.sessionId)
    const response = await this.#fetch(url, {
      method: "GET",
      headers: await this.#headers({ Accept: "application/json" }),
    })
    if (response.status === 404) return [] // Haira knows a session only once it has a message.
    if (!response.ok) this.#throw(await httpError(response, url))
    let body: unknown
    try {
      body = await response.json()
    } catch (error) {
      throw new ChatError("PROTOCOL_ERROR", `The chat history at ${url} is not JSON.`, {
        cause: error,
      })
    }
    if (this.#dialect.decodeHistory)
      return this.#dialect.decodeHistory(body, { sessionId: agent.sessionId })
    const list = Array.isArray(body) ? body : (body as { items?: unknown })?.items
    if (!Array.isArray(list))
      throw new ChatError("PROTOCOL_ERROR", `The chat history at ${url} is not a list of items.`)
    return list.map((item, index) => {
      const problem = chatResponseItemProblem(item)
      if (problem)
        throw new ChatError(
          "PROTOCOL_ERROR",
          `The chat history's item ${index} is invalid: ${problem}.`,
        )
      return item as ChatResponseItem
    })
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    const agent = this.#agent(agentId)
    agent.items = []
    if (this.#options.historyUrl === undefined) return
    const url = resolveUrl(this.#options.historyUrl, agent.sessionId)
    const response = await this.#fetch(url, { method: "DELETE", headers: await this.#headers({}) })
    if (!response.ok && response.status !== 404) this.#throw(await httpError(response, url))
  }

  async stopChatAgent(agentId: string): Promise<void> {
    const agent = this.#agent(agentId)
    for (const turn of agent.turns) turn.abort()
    this.#agents.delete(agentId)
  }

  #agent(agentId: string): Agent {
    const agent = this.#agents.get(agentId)
    if (!agent) {
      throw new ChatError(
        "AGENT_NOT_RUNNING",
        `No running agent "${agentId}"; start one with startChatAgent().`,
      )
    }
    return agent
  }

  #throw(error: AdapterError): never {
    throw new ChatError(error.code, error.message, {
      retryable: error.retryable,
      cause: error.cause,
    })
  }

  #encodeBody(request: DialectRequest): string {
    const base = this.#dialect.encodeRequest(request)
    const option = this.#options.body
    const body =
      typeof option === "function"
        ? option(request, base)
        : option && typeof base === "object" && base !== null
          ? { ...base, ...option }
          : base
    try {
      return JSON.stringify(body)
    } catch (error) {
      throw new ChatError(
        "INVALID_INPUT",
        "The request body cannot be sent as JSON; check the body option.",
        { cause: error },
      )
    }
  }

  async #headers(base: Record<string, string>): Promise<Record<string, string>> {
    let computed: Record<string, string> = {}
    try {
      computed = (await this.#options.getHeaders?.()) ?? {}
    } catch (error) {
      this.#throw({
        ...toAdapterError(error, "AUTHENTICATION_FAILED"),
        message: `getHeaders failed: ${toAdapterError(error).message}`,
      })
    }
    return { ...base, ...this.#options.headers, ...computed }
  }

  async #fetch(url: string, init: RequestInit): Promise<Response> {
    const fetcher = this.#options.fetch ?? globalThis.fetch
    try {
      return await fetcher(url, init)
    } catch (error) {
      if (init.signal?.aborted) throw error
      const reason = toAdapterError(error).message
      this.#throw({
        code: "CONNECTION_FAILED",
        message: `Could not reach ${url} (${reason}); check that the server runs and the url is right.`,
        retryable: true,
        cause: error,
      })
    }
  }

  /** Streams one turn to its end; resolves with the error it failed with, if any. */
  async #run(turn: Turn): Promise<AdapterError | undefined> {
    let outcome: ReadOutcome
    try {
      if (this.connectionStatus !== "open")
        turn.emit({ type: "connection-changed", status: "connecting" })
      const response = await this.#fetch(this.#options.url, {
        method: "POST",
        body: turn.body,
        signal: turn.signal,
        headers: await this.#headers({
          "Content-Type": "application/json",
          Accept: "text/event-stream",
        }),
      })
      outcome = await this.#consume(turn, response)
    } catch (error) {
      if (turn.signal.aborted) return this.#end(turn, "aborted")
      const failure = toAdapterError(error, "CONNECTION_FAILED")
      if (failure.code === "CONNECTION_FAILED")
        turn.emit({ type: "connection-changed", status: "closed", error: failure })
      return this.#end(turn, "failed", failure)
    }
    if (outcome === "dropped") outcome = await this.#resume(turn)
    return this.#end(turn, outcome)
  }

  /** Reads a response: a stream, the JSON fallback, or an HTTP error (thrown). */
  async #consume(turn: Turn, response: Response): Promise<ReadOutcome> {
    if (!response.ok) this.#throw(await httpError(response, response.url || this.#options.url))
    turn.emit({ type: "connection-changed", status: "open" })
    const contentType = response.headers.get("content-type") ?? ""
    if (contentType.includes("text/event-stream") && response.body) {
      return readStream(response.body, turn.decoder, turn.signal)
    }
    if (contentType.includes("json")) {
      const body: unknown = await response.json().catch(() => undefined)
      turn.decoder.decodeJson(body)
      return turn.decoder.failure ? "failed" : "finished"
    }
    response.body?.cancel().catch(() => {})
    this.#throw({
      code: "PROTOCOL_ERROR",
      message: `The server answered ${contentType || "without a content type"} instead of text/event-stream; check the url and that the server streams this ${this.#dialect.name} endpoint.`,
      retryable: false,
    })
  }

  /** Picks up a dropped stream where the server allows it; otherwise the turn fails. */
  async #resume(turn: Turn): Promise<ReadOutcome> {
    const reconnect = this.#options.reconnect
    if (reconnect === false) return "dropped"
    const attempts = reconnect?.attempts ?? 2
    for (let attempt = 0; attempt < attempts; attempt++) {
      const lastEventId = turn.decoder.lastEventId
      if (lastEventId === undefined && reconnect?.resumeUrl === undefined) return "dropped"
      turn.emit({ type: "connection-changed", status: "reconnecting" })
      await wait((reconnect?.delayMs ?? 250) * 2 ** attempt, turn.signal)
      if (turn.signal.aborted) return "aborted"
      try {
        const response = await this.#resumeRequest(turn, lastEventId, reconnect?.resumeUrl)
        if (response.status === 204) return "dropped"
        const outcome = await this.#consume(turn, response)
        if (outcome !== "dropped") return outcome
      } catch {
        if (turn.signal.aborted) return "aborted"
      }
    }
    return "dropped"
  }

  async #resumeRequest(
    turn: Turn,
    lastEventId: string | undefined,
    resumeUrl: ReconnectOptions["resumeUrl"],
  ): Promise<Response> {
    if (lastEventId !== undefined) {
      turn.decoder.restart()
      return this.#fetch(this.#options.url, {
        method: "POST",
        body: turn.body,
        signal: turn.signal,
        headers: await this.#headers({
          "Content-Type": "application/json",
          Accept: "text/event-stream",
          "Last-Event-ID": lastEventId,
        }),
      })
    }
    const { agent } = turn
    turn.decoder.restart(this.#dialect.resumeReplaysFromStart ? "replay" : "continue")
    return this.#fetch(resolveUrl(resumeUrl as NonNullable<typeof resumeUrl>, agent.sessionId), {
      method: "GET",
      signal: turn.signal,
      headers: await this.#headers({ Accept: "text/event-stream" }),
    })
  }

  /** Closes what the stream left open and says how the turn ended. */
  #end(turn: Turn, outcome: ReadOutcome, failure?: AdapterError): AdapterError | undefined {
    const { decoder, emit, runId } = turn
    const agentId = turn.agent.sessionId
    if (outcome === "finished") {
      // The stream ended the turn itself; a run-finished that is not ok fails the call.
      const ending = decoder.ending
      if (ending?.status === "cancelled") {
        return { code: "CANCELLED", message: "The server cancelled the run.", retryable: false }
      }
      if (ending?.status !== "error") return undefined
      return (
        ending.error ?? {
          code: "SERVER_ERROR",
          message: "The turn failed on the server; try again.",
          retryable: true,
        }
      )
    }
    const reason =
      outcome === "aborted" ? "cancelled" : outcome === "dropped" ? "connection-lost" : "failed"
    for (const event of this.#dialect.interrupt(decoder.state, reason)) emit(event)
    if (outcome === "aborted") {
      emit({ type: "run-finished", agentId, runId, status: "cancelled" })
      return { code: "CANCELLED", message: "The run was cancelled.", retryable: false }
    }
    const error: AdapterError = failure ??
      decoder.failure ?? {
        code: "CONNECTION_LOST",
        message:
          "The connection dropped before the answer finished and the server cannot resume it; the partial answer is kept. Send the message again to retry.",
        retryable: true,
      }
    if (error.code === "CONNECTION_LOST")
      emit({ type: "connection-changed", status: "closed", error })
    emit({ type: "error", agentId, runId, error })
    emit({ type: "run-finished", agentId, runId, status: "error", error })
    return error
  }
}
