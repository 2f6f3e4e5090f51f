/**
 * An in-process adapter that runs the scripted agent: streams, cancels and keeps a
 * transcript per agent, with no network. For tests, stories and the playground's first runs.
 */
import {
  type AdapterCapabilities,
  ItemFold,
  type MessageFeedback,
  NetworkAdapter,
  prepareAttachments,
  type RespondToToolCallOptions,
  type SendMessageOptions,
} from "@aichatkit/network-adapter"
import {
  type AdapterError,
  type Attachment,
  type Card,
  type CardAction,
  ChatError,
  type ChatEvent,
  type ChatResponse,
  type ChatResponseItem,
  type ConnectionStatus,
  type ToolCallResponse,
} from "@aichatkit/types"
import { AgentRegistry, checkMessage } from "./agent-registry.js"
import { type RecordedFeedback, transcriptOf } from "./memory-history.js"
import { answerToolCall } from "./memory-tool-answers.js"
import { playMemoryTurn, throwUnlessCompleted } from "./memory-turn.js"
import { createRandom, mixSeed } from "./random.js"
import { WEATHER_REPORT } from "./script.js"
import { createScriptedAgent, type ScriptedAgent } from "./scripted-agent.js"

/** Options of {@link MemoryAdapter}. */
export interface MemoryAdapterOptions {
  /** Seeds agent ids, item ids and the script; the same seed gives the same conversation. Default 1. */
  seed?: number | undefined
  /** Pause before each streamed token, in ms (0: as fast as possible). Default 15. */
  tokenDelayMs?: number | undefined
  /** The agent that answers; default the scripted agent built from `seed` and `tokenDelayMs`. */
  agent?: ScriptedAgent | undefined
  /** Makes `startChatAgent` fail to connect (true, or the error to fail with), for error states. */
  failConnect?: boolean | AdapterError | undefined
  /** The clock for timestamps. Default `new Date()`. */
  now?: (() => Date) | undefined
}

/** A card action the adapter received through `handleCardAction`. */
export interface RecordedCardAction {
  agentId: string
  action: CardAction
  card: Card
}

interface AgentState {
  transcript: ItemFold
  /** Aborts the turns still running, when the agent stops. */
  runs: Set<AbortController>
  /** Tool calls already answered (`respondToToolCall`). */
  answered: Set<string>
}

const MEMORY_CAPABILITIES: Readonly<AdapterCapabilities> = Object.freeze({
  streaming: true,
  cancel: true,
  resume: false,
  toolCalls: true,
  cards: true,
  toolApproval: true,
  branching: true,
  feedback: true,
})

/** A streaming, cancellable adapter whose agent is the in-process scripted agent. */
export class MemoryAdapter extends NetworkAdapter {
  override readonly capabilities = MEMORY_CAPABILITIES

  /** Every rating received (`sendFeedback`), oldest first. */
  readonly feedback: RecordedFeedback[] = []

  /** Every card action received, oldest first, so tests can see what the UI sent. */
  readonly cardActions: RecordedCardAction[] = []

  readonly #agent: ScriptedAgent
  readonly #registry: AgentRegistry<AgentState>
  readonly #random
  readonly #now: () => Date
  readonly #failConnect: AdapterError | undefined
  #connecting: Promise<void> | undefined

  constructor(options: MemoryAdapterOptions = {}) {
    super()
    const seed = options.seed ?? 1
    this.#now = options.now ?? (() => new Date())
    this.#random = createRandom(mixSeed(seed, 0x6d656d))
    this.#registry = new AgentRegistry(this.#random)
    this.#agent =
      options.agent ??
      createScriptedAgent({ seed, tokenDelayMs: options.tokenDelayMs ?? 15, now: this.#now })
    this.#failConnect =
      options.failConnect === true
        ? {
            code: "CONNECTION_FAILED",
            message:
              "The in-memory agent was told to refuse connections (failConnect); create the adapter without it to connect.",
            retryable: true,
          }
        : options.failConnect || undefined
  }

  async startChatAgent(): Promise<string> {
    await nextTick()
    if (this.connectionStatus !== "open") {
      // Starts made while connecting share the one connection attempt.
      this.#connecting ??= this.#connect().finally(() => {
        this.#connecting = undefined
      })
      await this.#connecting
    }
    return this.#registry.start({
      transcript: new ItemFold(),
      runs: new Set(),
      answered: new Set(),
    })
  }

  async #connect(): Promise<void> {
    this.emit({ type: "connection-changed", status: "connecting" })
    await nextTick()
    if (this.#failConnect) {
      this.emit({ type: "connection-changed", status: "closed", error: this.#failConnect })
      throw new ChatError(this.#failConnect.code, this.#failConnect.message, {
        retryable: this.#failConnect.retryable,
      })
    }
    this.emit({ type: "connection-changed", status: "open" })
  }

  /**
   * Emits the user's item and the agent's events, and resolves with the items of the turn
   * (the user's item first). Rejects with `CANCELLED` when `signal` aborts, and with the
   * turn's error when the agent fails.
   */
  async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    const agent = this.#registry.get(agentId)
    const files = options.attachments ?? []
    checkMessage(message, files.length > 0)
    if (this.connectionStatus !== "open") {
      throw new ChatError(
        "CONNECTION_LOST",
        `The connection is ${this.connectionStatus}; wait until it is open again, then resend the message.`,
        { retryable: true },
      )
    }
    // The files as a server keeps them: sizes checked before anything is sent, bytes inlined.
    const attachments = await prepareAttachments(files)
    const run = new AbortController()
    const abortRun = () => run.abort()
    options.signal?.addEventListener("abort", abortRun, { once: true })
    if (options.signal?.aborted) run.abort()
    agent.runs.add(run)
    // A branch (an edited message, a regenerated answer) follows the history the store chose.
    if (options.history !== undefined) agent.transcript = transcriptOf(agentId, options.history)

    const turn = new ItemFold()
    const deliver = (event: ChatEvent) => {
      turn.apply(event)
      agent.transcript.apply(event)
      this.emit(event)
    }
    try {
      const finish = await playMemoryTurn(
        this.#agent,
        {
          agentId,
          message,
          files: attachments.map(({ name, mediaType }) => ({ name, mediaType })),
          signal: run.signal,
        },
        {
          emit: (event) => this.emit(event),
          deliver,
          userItem: () => userItem(this.#random.id("user"), message, attachments, this.#now()),
        },
      )
      throwUnlessCompleted(finish)
    } finally {
      agent.runs.delete(run)
      options.signal?.removeEventListener("abort", abortRun)
    }
    return { items: turn.items(), conversationId: agentId }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    return this.#registry.get(agentId).transcript.items()
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    this.#registry.get(agentId).transcript = new ItemFold()
  }

  /** Keeps the rating, so tests and stories can see what the UI sent. */
  override async sendFeedback(
    agentId: string,
    itemId: string,
    feedback: MessageFeedback | null,
  ): Promise<void> {
    this.#registry.get(agentId)
    this.feedback.push({ agentId, itemId, feedback })
  }

  /** Stops the agent; a turn still running ends as cancelled. */
  async stopChatAgent(agentId: string): Promise<void> {
    const agent = this.#registry.stop(agentId)
    for (const run of agent.runs) run.abort()
  }

  /**
   * Records the action; a `refresh` button re-reads the weather: the card's content is
   * updated in the transcript and through an `item-updated` event.
   */
  override async handleCardAction(agentId: string, action: CardAction, card: Card): Promise<void> {
    const agent = this.#registry.get(agentId)
    this.cardActions.push(structuredClone({ agentId, action, card }))
    if (action.type !== "button" || action.action !== "refresh") return
    const item = agent.transcript
      .items()
      .find((candidate) => candidate.type === "card" && candidate.card.id === card.id)
    if (item?.type !== "card") {
      throw new ChatError(
        "NOT_FOUND",
        `The card "${card.id}" is not in this conversation (it may have been cleared); ask the agent for a new one.`,
      )
    }
    // A fresh reading of the same weather the agent's tool and text report.
    const content = {
      ...item.card.content,
      ...WEATHER_REPORT,
      updatedAt: this.#now().toISOString(),
    }
    const event: ChatEvent = {
      type: "item-updated",
      agentId,
      itemId: item.id,
      patch: { card: { content } },
    }
    agent.transcript.apply(event)
    this.emit(event)
  }

  /**
   * Answers a tool call that waits (the "approve" and "location" scenarios): resolves once the
   * answer is taken; the agent's next run then streams through `subscribe`, and
   * `options.signal` ends it as cancelled.
   */
  override async respondToToolCall(
    agentId: string,
    toolCallId: string,
    response: ToolCallResponse,
    options: RespondToToolCallOptions = {},
  ): Promise<void> {
    const agent = this.#registry.get(agentId)
    await nextTick()
    const { signal } = options
    answerToolCall(this.#agent, agent, { agentId, toolCallId, response, signal }, (event) =>
      this.emit(event),
    )
  }

  /** Pretends the connection changed (a "reconnecting" banner in a story, say). */
  simulateConnection(status: ConnectionStatus, error?: AdapterError): void {
    this.emit(
      error === undefined
        ? { type: "connection-changed", status }
        : { type: "connection-changed", status, error },
    )
  }
}

/** The user's item of a turn; its files are named after it, as a HAIP server names them. */
function userItem(
  id: string,
  message: string,
  files: readonly Attachment[],
  at: Date,
): ChatResponseItem {
  const item: ChatResponseItem = {
    id,
    type: "message",
    role: "user",
    content: message,
    timestamp: at.toISOString(),
  }
  if (files.length === 0) return item
  return { ...item, attachments: files.map((file, index) => ({ ...file, id: `${id}-${index}` })) }
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}
