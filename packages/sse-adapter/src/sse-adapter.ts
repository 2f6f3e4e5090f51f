import {
  type AdapterCapabilities,
  NetworkAdapter,
  prepareAttachments,
  type RespondToToolCallOptions,
  type SendMessageOptions,
} from "@aichatkit/network-adapter"
import {
  ChatError,
  type ChatResponse,
  type ChatResponseItem,
  createId,
  type ToolCallItem,
  type ToolCallResponse,
  toChatError,
} from "@aichatkit/types"
import { type DialectName, loadBuiltInDialect, traitsOf } from "./dialects/built-in.js"
import { capabilitiesFor, resolveDialect } from "./options.js"
import type { TurnWire } from "./turn.js"
import type { TurnEngine } from "./turn-engine.js"
import type { DialectRequest, SSEAdapterOptions, SSEDialect } from "./types.js"

interface Agent {
  sessionId: string
  items: ChatResponseItem[]
  turns: Set<AbortController>
}

const now = () => new Date().toISOString()

/**
 * A `NetworkAdapter` over HTTP POST + `text/event-stream`, for Haira workflows, the AI SDK's
 * UI message stream, AG-UI, or any server a custom {@link SSEDialect} describes.
 */
export class SSEAdapter extends NetworkAdapter {
  override readonly capabilities: Readonly<AdapterCapabilities>
  readonly #options: SSEAdapterOptions
  readonly #dialect: SSEDialect<unknown> | DialectName
  readonly #agents = new Map<string, Agent>()
  /** The code that plays turns, once loaded (see {@link SSEAdapter.#loadEngine}). */
  #engine: TurnEngine | undefined
  #loading: Promise<TurnEngine> | undefined

  constructor(options: SSEAdapterOptions) {
    super()
    this.#options = options
    this.#dialect = resolveDialect(options)
    this.capabilities = capabilitiesFor(options, traitsOf(this.#dialect))
  }

  async startChatAgent(): Promise<string> {
    const sessionId = createId()
    this.#agents.set(sessionId, { sessionId, items: [], turns: new Set() })
    // The turn's code (and a built-in dialect's) starts loading now, so the first turn need not
    // wait for it; a failed load is tried again, and reported, when a turn needs it.
    this.#loadEngine().catch(() => {})
    return sessionId
  }

  async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    const agent = this.#agent(agentId)
    const runId = createId()
    const request = await this.#request(agent, runId, message, options)
    const engine = this.#engine ?? (await this.#loadEngine())
    // Preparing files (reading, uploading) and loading the turn's code take time: a cancel
    // meanwhile ends the turn here.
    if (options.signal?.aborted)
      throw new ChatError("CANCELLED", "The run was cancelled before it started.")
    const body = engine.body(request)
    agent.items.push({
      id: `${runId}-user`,
      type: "message",
      role: "user",
      content: message,
      timestamp: now(),
      ...(request.attachments ? { attachments: [...request.attachments] } : {}),
    })

    const items = await this.#play(engine, agent, agentId, runId, body, options.signal)
    return { items, conversationId: agent.sessionId }
  }

  /**
   * Sends the answer to a tool call that waits (an approval, a browser tool's output): the
   * next request carries the conversation with the answer, and the run goes on from it.
   * Resolves when that run ends; its events arrive through `subscribe`.
   */
  override async respondToToolCall(
    agentId: string,
    toolCallId: string,
    response: ToolCallResponse,
    options: RespondToToolCallOptions = {},
  ): Promise<void> {
    const agent = this.#agent(agentId)
    if (!this.capabilities.toolApproval) {
      throw new ChatError(
        "UNSUPPORTED",
        `The ${traitsOf(this.#dialect).name} wire cannot carry answers to tool calls.`,
      )
    }
    const engine = this.#engine ?? (await this.#loadEngine())
    const answered = engine.answer(agent.items, toolCallId, response)
    if (options.signal?.aborted)
      throw new ChatError("CANCELLED", "The run was cancelled before it started.")
    agent.items = agent.items.map((item) => (item.id === answered.id ? answered : item))
    const runId = createId()
    const request: DialectRequest = {
      message: "",
      sessionId: agent.sessionId,
      runId,
      history: [...agent.items],
      continuation: true,
    }
    const body = engine.body(request)
    // An approval is the server's to act on: the call is open again until its output or denial
    // comes. A browser tool's output is final already.
    const reopened = answered.toolCall.status === "awaiting-approval" ? answered : undefined
    await this.#play(engine, agent, agentId, runId, body, options.signal, reopened)
  }

  /** One turn on the wire: the request, the stream decoded and emitted, the items kept. */
  async #play(
    engine: TurnEngine,
    agent: Agent,
    agentId: string,
    runId: string,
    body: string,
    signal: AbortSignal | undefined,
    answered?: ToolCallItem,
  ): Promise<ChatResponseItem[]> {
    const controller = new AbortController()
    const cancel = () => controller.abort()
    signal?.addEventListener("abort", cancel, { once: true })
    agent.turns.add(controller)
    let items: ChatResponseItem[] = []
    try {
      const failure = await engine.play({
        agentId,
        sessionId: agent.sessionId,
        runId,
        body,
        signal: controller.signal,
        answered,
        connected: this.connectionStatus === "open",
        wire: this.#wireOf(agentId),
        emit: (event) => this.emit(event),
        keep: (played) => {
          items = played
        },
      })
      if (failure) throw toChatError(failure)
      return items
    } finally {
      signal?.removeEventListener("abort", cancel)
      agent.turns.delete(controller)
      keepItems(agent, items)
    }
  }

  /**
   * The code that plays turns, with the dialect's: a built-in dialect's module and the turn's
   * load with a dynamic import the first time an agent starts, so a page pays for them only
   * once it chats. A failed load is tried again the next time.
   */
  #loadEngine(): Promise<TurnEngine> {
    if (this.#engine) return Promise.resolve(this.#engine)
    const dialect = this.#dialect
    this.#loading ??= Promise.all([
      typeof dialect === "string" ? loadBuiltInDialect(dialect) : dialect,
      import("./turn-engine.js"),
    ]).then(
      ([loaded, module]) => {
        this.#engine = new module.TurnEngine(this.#options, loaded)
        return this.#engine
      },
      (error: unknown) => {
        this.#loading = undefined
        throw new ChatError(
          "CONNECTION_FAILED",
          `The adapter's code for the ${traitsOf(dialect).name} dialect could not be loaded (${error instanceof Error ? error.message : String(error)}); check the connection and try again.`,
          { retryable: true, cause: error },
        )
      },
    )
    return this.#loading
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    const agent = this.#agent(agentId)
    if (this.#options.historyUrl === undefined) return structuredClone(agent.items)
    const engine = this.#engine ?? (await this.#loadEngine())
    return engine.history(this.#options.historyUrl, agent.sessionId)
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    const agent = this.#agent(agentId)
    agent.items = []
    if (this.#options.historyUrl === undefined) return
    const engine = this.#engine ?? (await this.#loadEngine())
    await engine.deleteHistory(this.#options.historyUrl, agent.sessionId)
  }

  async stopChatAgent(agentId: string): Promise<void> {
    const agent = this.#agent(agentId)
    for (const turn of agent.turns) turn.abort()
    this.#agents.delete(agentId)
  }

  /**
   * A turn's wire tap, or undefined when nobody observes the wire, so an untapped turn
   * decodes no text twice. The chunks are reported as text, decoded as they came.
   */
  #wireOf(agentId: string): TurnWire | undefined {
    if (!this.wireObserved) return undefined
    const text = new TextDecoder()
    return (direction, data) => {
      const decoded = data instanceof Uint8Array ? text.decode(data, { stream: true }) : data
      this.tapWire(direction, "sse", decoded, agentId)
    }
  }

  /**
   * The turn's request: the text, the history, and the files made ready for the wire (sizes
   * checked, then inlined or uploaded). Refusals come before anything is sent.
   */
  async #request(
    agent: Agent,
    runId: string,
    message: string,
    options: SendMessageOptions,
  ): Promise<DialectRequest> {
    const files = options.attachments ?? []
    if (files.length > 0 && !this.capabilities.attachments) {
      throw new ChatError(
        "INVALID_INPUT",
        "This server takes no files over the Haira wire; give the adapter an upload function.",
      )
    }
    if (typeof message !== "string" || (message.trim() === "" && files.length === 0)) {
      throw new ChatError("INVALID_INPUT", "The message is empty; type something to send.")
    }
    if (options.signal?.aborted)
      throw new ChatError("CANCELLED", "The run was cancelled before it started.")
    // A branch (an edited message, a regenerated answer) follows the history the store chose,
    // and the turns after it follow that branch too.
    if (options.history !== undefined && this.capabilities.branching) {
      agent.items = [...options.history]
    }
    const request: DialectRequest = {
      message,
      sessionId: agent.sessionId,
      runId,
      history: [...agent.items],
    }
    if (files.length === 0) return request
    const prepared = await prepareAttachments(files, {
      upload: this.#options.upload,
      signal: options.signal,
      onProgress: options.onUploadProgress,
      ...(this.#options.maxAttachmentBytes === undefined
        ? {}
        : { maxBytes: this.#options.maxAttachmentBytes }),
    })
    return { ...request, attachments: prepared }
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
}

/** The turn's items into the agent's transcript: an item seen before (an answered call) replaced. */
function keepItems(agent: Agent, items: readonly ChatResponseItem[]): void {
  const known = new Map(agent.items.map((item, index) => [item.id, index]))
  for (const item of items) {
    const index = known.get(item.id)
    if (index === undefined) agent.items.push(item)
    else agent.items[index] = item
  }
}
