/**
 * HAIP as a NetworkAdapter, on top of `@aichatkit/haip-client`: one connection shared by the
 * adapter's agents, one transaction per agent (the agent id is the transaction's id).
 *
 * When a turn is over: against a server with run events (its HAI announces
 * `capabilities.run_events`, as ours does, or a RUN_STARTED arrives) at RUN_FINISHED; against
 * a reference server, once a whole AGENT `MESSAGE` (or MESSAGE_END) has arrived, nothing is
 * still streaming and no frame of the transaction came for `turnIdleMs`.
 *
 * After a drop the client reconnects and resumes the session (missed frames are replayed,
 * duplicates dropped by seq). If the server cannot resume (it restarted, the session
 * expired), the adapter emits `error` RESUME_FAILED for each agent, ends a running turn with
 * that error, and opens a new transaction per agent under the same agent id: the transcript
 * (`getConversationItems`) stays, the interrupted answer has to be asked again.
 */
import type { HAIPClientImpl, HAIPOutgoingMessage, HAIPTransaction } from "@aichatkit/haip-client"
import {
  type AdapterCapabilities,
  ItemFold,
  NetworkAdapter,
  type RespondToToolCallOptions,
  type SendMessageOptions,
  waitingToolCall,
} from "@aichatkit/network-adapter"
import {
  type AdapterError,
  ChatError,
  type ChatResponse,
  type ChatResponseItem,
  type ConnectionStatus,
  type ToolCallResponse,
} from "@aichatkit/types"
import { Agent } from "./agent.js"
import { bindClientEvents, type ClientEventsHost } from "./client-events.js"
import { connectClient, openTransaction } from "./connection.js"
import { agentNotRunning } from "./errors.js"
import { capabilitiesFor, capabilitiesWithServer, checkOptions, clientFor } from "./options.js"
import type { AgentTurn } from "./turn.js"
// The turns' code is loaded when the first agent starts (see #loadTurns): only its types here.
import type * as Turns from "./turns.js"
import type { HAIPAdapterOptions } from "./types.js"
import type { UserTurnHost } from "./user-turn.js"

/** HAIP as a `NetworkAdapter`: agents are transactions of one shared HAIP connection. */
export class HAIPAdapter extends NetworkAdapter {
  /** Set again at each handshake: `regenerateLast` is what the server's HAI announces. */
  override capabilities: Readonly<AdapterCapabilities>

  readonly #options: HAIPAdapterOptions
  readonly #client: HAIPClientImpl
  readonly #agents = new Map<string, Agent>()
  /** Tool calls answered (or being answered), so a second answer is refused before it is sent. */
  readonly #answered = new Set<string>()
  #fatal: ChatError | undefined
  /** The turns' code once loaded, and its load while it runs (see {@link HAIPAdapter.#loadTurns}). */
  #turns: typeof Turns | undefined
  #loadingTurns: Promise<typeof Turns> | undefined

  constructor(options: HAIPAdapterOptions) {
    super()
    checkOptions(options)
    this.capabilities = capabilitiesFor(options)
    this.#options = options
    this.#client = clientFor(options)
    bindClientEvents(this.#client, this.#clientEventsHost())
    this.#client.on("handshake", () => {
      this.capabilities = capabilitiesWithServer(this.capabilities, this.#client.serverInfo)
    })
  }

  /** The HAIP client underneath (for protocol-level access). */
  get client(): HAIPClientImpl {
    return this.#client
  }

  async startChatAgent(): Promise<string> {
    // The turns' code loads while the connection opens; a failed load is tried again, and
    // reported, when a turn needs it.
    this.#loadTurns().catch(() => undefined)
    await this.#connect()
    const transaction = await this.#openTransaction()
    const agent = new Agent(transaction)
    this.#agents.set(agent.id, agent)
    return agent.id
  }

  async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    const agent = this.#agent(agentId)
    const turns = this.#turns ?? (await this.#loadTurns())
    const problem = options.audio === undefined ? undefined : turns.voiceProblem(options.audio)
    if (problem) throw problem
    // A voice message may come without text; any other message needs some.
    const withoutText = options.audio !== undefined || (options.attachments?.length ?? 0) > 0
    if (typeof message !== "string" || (message.trim() === "" && !withoutText)) {
      throw new ChatError("INVALID_INPUT", "The message is empty; type something to send.")
    }
    if (options.regenerate === true) {
      const problem = turns.agentRegenerateProblem(agent, this.#client.serverInfo)
      if (problem) throw problem
      return agent.enqueue(() => this.#runRegenerate(turns, agent, options.signal))
    }
    return agent.enqueue(() => turns.runUserTurn(this.#runHost(turns), agent, message, options))
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    return this.#agent(agentId).transcript.items()
  }

  /** Forgets the conversation here and on the server: the agent gets a fresh transaction, same id. */
  async clearConversationHistory(agentId: string): Promise<void> {
    const agent = this.#agent(agentId)
    agent.turn?.cancel()
    agent.transcript = new ItemFold()
    if (!this.#client.isConnected()) return
    const old = agent.transaction
    try {
      const transaction = await this.#openTransaction()
      agent.bind(transaction)
      await old.close()
    } catch {
      // Keep the old transaction: the local history is cleared either way.
    }
  }

  async stopChatAgent(agentId: string): Promise<void> {
    const agent = this.#agent(agentId)
    this.#agents.delete(agentId)
    agent.turn?.end({ status: "cancelled" })
    agent.unbind()
    await agent.transaction.close().catch(() => undefined)
    if (this.#agents.size === 0) await this.close()
  }

  /** Closes the connection and forgets every agent. */
  async close(): Promise<void> {
    for (const agent of this.#agents.values()) {
      agent.turn?.end({ status: "cancelled" })
      agent.unbind()
    }
    this.#agents.clear()
    await this.#client.disconnect()
    this.#setStatus("closed")
  }

  /**
   * Sends the answer to a tool call that waits (TOOL_UPDATE for an approval, TOOL_DONE for a
   * browser tool's output) in a run it opens; the server's run streams as a turn's does, and
   * this resolves when it ends. `options.signal` cancels that run (RUN_CANCEL), as a turn's.
   */
  override async respondToToolCall(
    agentId: string,
    toolCallId: string,
    response: ToolCallResponse,
    options: RespondToToolCallOptions = {},
  ): Promise<void> {
    const agent = this.#agent(agentId)
    const turns = this.#turns ?? (await this.#loadTurns())
    waitingToolCall(agent.transcript.items(), toolCallId, response)
    if (this.#answered.has(toolCallId)) {
      throw new ChatError("INVALID_INPUT", "This tool call was answered already.")
    }
    this.#answered.add(toolCallId)
    try {
      await agent.enqueue(() => this.#runAnswer(turns, agent, toolCallId, response, options.signal))
    } catch (error) {
      this.#answered.delete(toolCallId)
      throw error
    }
  }

  #runAnswer(
    turns: typeof Turns,
    agent: Agent,
    toolCallId: string,
    response: ToolCallResponse,
    signal: AbortSignal | undefined,
  ): Promise<ChatResponse> {
    const frameFor = (runId: string) => turns.encodeToolAnswer(toolCallId, response, runId)
    return turns.runOpened(this.#runHost(turns), agent, signal, frameFor)
  }

  /**
   * Asks the server to answer the last message again (haip-client's `regenerateRequest`): the
   * turn streams the new answer with no user item, the old one gone from the transcript.
   */
  #runRegenerate(
    turns: typeof Turns,
    agent: Agent,
    signal: AbortSignal | undefined,
  ): Promise<ChatResponse> {
    const host = this.#runHost(turns)
    return turns.runOpened(host, agent, signal, turns.regenerateRequest, () =>
      turns.startRegeneration(agent, this.#client.serverInfo),
    )
  }

  /** What a turn (the user's, or a run the client opens) needs from the adapter. */
  #runHost(turns: typeof Turns): UserTurnHost {
    return {
      hasAgent: (agentId) => this.#agents.has(agentId),
      newTurn: (agent, wire) => this.#newTurn(turns, agent, wire),
      tapOut: (frame, agentId) => this.tapWire("out", "haip", frame, agentId),
      fatal: this.#getFatal,
      client: this.#client,
      options: this.#options,
    }
  }

  /** A turn of `agent` with the adapter's timing options (a user's message, or an answer's run). */
  #newTurn(
    turns: typeof Turns,
    agent: Agent,
    wire: (frame: HAIPOutgoingMessage) => void,
  ): AgentTurn {
    return new turns.AgentTurn(
      agent.id,
      turns.turnHost(agent, (event) => this.emit(event), this.#now, wire),
      {
        runEvents: this.#client.serverInfo?.runEvents ?? false,
        idleMs: this.#options.turnIdleMs ?? 250,
        cancelGraceMs: this.#options.cancelGraceMs ?? 3000,
        silenceMs: this.#options.turnTimeoutMs ?? 120_000,
      },
    )
  }

  /**
   * The turns' code (turns.ts): loaded with a dynamic import() the first time an agent starts,
   * so a page pays for it only once it chats. A failed load is CONNECTION_FAILED, tried again
   * the next time.
   */
  #loadTurns(): Promise<typeof Turns> {
    if (this.#turns) return Promise.resolve(this.#turns)
    this.#loadingTurns ??= import("./turns.js").then(
      (module) => {
        this.#turns = module
        return module
      },
      (error: unknown) => {
        this.#loadingTurns = undefined
        throw new ChatError(
          "CONNECTION_FAILED",
          `The adapter's code for running turns could not be loaded (${error instanceof Error ? error.message : String(error)}); check the connection and try again.`,
          { retryable: true, cause: error },
        )
      },
    )
    return this.#loadingTurns
  }

  readonly #now = () => (this.#options.now?.() ?? new Date()).toISOString()

  #connect(): Promise<void> {
    return connectClient(this.#client, this.#getFatal, (status, error) =>
      this.#setStatus(status, error),
    )
  }

  #openTransaction(): Promise<HAIPTransaction> {
    return openTransaction(this.#client, this.#options, this.#getFatal)
  }

  readonly #getFatal = () => this.#fatal

  /** The adapter's side of the client's events (see client-events.ts). */
  #clientEventsHost(): ClientEventsHost {
    return {
      agents: this.#agents,
      fatal: this.#getFatal,
      refuseFromNowOn: (error) => {
        this.#fatal = error
      },
      emit: (event) => this.emit(event),
      setStatus: (status, error) => this.#setStatus(status, error),
      openTransaction: () => this.#openTransaction(),
      tapIncoming: (frame) => {
        if (!this.wireObserved) return
        const agentId = frame.transaction ?? undefined
        const known = agentId && this.#agents.has(agentId) ? agentId : undefined
        this.tapWire("in", "haip", frame, known)
      },
    }
  }

  #setStatus(status: ConnectionStatus, error?: AdapterError): void {
    if (this.connectionStatus === status && error === undefined) return
    this.emit(
      error
        ? { type: "connection-changed", status, error }
        : { type: "connection-changed", status },
    )
  }

  #agent(agentId: string): Agent {
    const agent = this.#agents.get(agentId)
    if (!agent) throw agentNotRunning(agentId)
    return agent
  }
}
