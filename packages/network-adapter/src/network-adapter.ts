import type {
  AttachmentToSend,
  AudioToSend,
  Card,
  CardAction,
  ChatEvent,
  ChatResponse,
  ChatResponseItem,
  ConnectionStatus,
  Message,
  ToolCallResponse,
} from "@aichatkit/types"
import type { UploadProgress } from "./attachments.js"

/** What an adapter can do beyond the seed contract, so the UI offers only what works. */
export interface AdapterCapabilities {
  /** Emits `ChatEvent`s while a turn runs (otherwise only the resolved `ChatResponse` counts). */
  streaming: boolean
  /** Honours `sendMessage(…, { signal })`: aborting stops the run. */
  cancel: boolean
  /** Resumes a dropped stream without loss. */
  resume: boolean
  /** May produce tool_call items. */
  toolCalls: boolean
  /** May produce card items. */
  cards: boolean
  /**
   * Carries answers to tool calls back to the agent (`respondToToolCall`): approvals, and the
   * output of tools that run in the browser. Absent means no (the UI offers neither).
   */
  toolApproval?: boolean
  /**
   * Sends `sendMessage(…, { attachments })` to the server (the composer shows its attach
   * button only then). Absent means no: an adapter written before attachments cannot send them.
   */
  attachments?: boolean
  /**
   * Sends voice messages: `sendMessage(…, { audio })` streams the recording's chunks as they
   * come (the composer shows its microphone button only then). Absent means no.
   */
  audio?: boolean
  /**
   * Sends `sendMessage(…, { history })` as the conversation the message follows, so a user can
   * edit any message or regenerate any answer and the server sees the chosen branch. Absent
   * means no: the server keeps the conversation, and the UI offers neither.
   */
  branching?: boolean
  /**
   * Honours `sendMessage(…, { regenerate: true })`: the server drops its last answer and answers
   * the conversation's last user message again. For wires whose server keeps the conversation
   * (without `branching`): the UI offers Regenerate on the last answer only. Absent means no.
   */
  regenerateLast?: boolean
  /** Sends a user's thumbs up or down on an answer to the server (`sendFeedback`). */
  feedback?: boolean
}

/** A user's rating of an answer: thumbs up or down. */
export type MessageFeedback = "up" | "down"

/** Options of one `sendMessage` call. */
export interface SendMessageOptions {
  /** Aborting it cancels the run (where `capabilities.cancel`). */
  signal?: AbortSignal
  /** Files and images sent with the message (where `capabilities.attachments`). */
  attachments?: readonly AttachmentToSend[]
  /**
   * Receives the upload progress of `attachments`, by index, where the adapter uploads files
   * before sending (an app's `upload` function that reports progress). Adapters that send the
   * bytes inline with the message report nothing; the UI then shows no bar.
   */
  onUploadProgress?: ((progress: UploadProgress) => void) | undefined
  /**
   * A voice message (where `capabilities.audio`): its chunks are sent as they are recorded; the
   * message ends, and the agent answers, when the chunks' iteration ends.
   */
  audio?: AudioToSend
  /**
   * The items the message follows, oldest first, when they differ from what the adapter saw
   * (an edited message or a regenerated answer starts a branch). Adapters with
   * `capabilities.branching` send these as the history and remember them instead of their own.
   */
  history?: readonly ChatResponseItem[]
  /**
   * Answer the last user message again instead of sending a new one (where
   * `capabilities.regenerateLast`): the server drops its last answer and runs again. `message`
   * is that user message's text; no user item is emitted for it. Rejects with a `ChatError`
   * (INVALID_INPUT) when there is no answer to replace or one is still arriving.
   */
  regenerate?: boolean
}

/** Options of one `respondToToolCall` call. */
export interface RespondToToolCallOptions {
  /**
   * Aborting it cancels the run the answer starts, as `sendMessage`'s signal cancels a turn
   * (where `capabilities.cancel`): the Stop button ends the agent's run after an approval too.
   */
  signal?: AbortSignal
}

/** Receives the events of one agent, or of all agents. */
export type ChatEventListener = (event: ChatEvent) => void

/** One piece of raw wire traffic an adapter sent (`out`) or received (`in`). */
export interface WireTraffic {
  direction: "in" | "out"
  /** Which wire: `haip`, `sse`, `graphql`, or a custom adapter's own name. */
  wire: string
  /** The frame, event or operation as the adapter holds it (text or a parsed object). */
  data: unknown
  /** The agent it belongs to, when the adapter knows. */
  agentId?: string
}

/** Receives an adapter's raw wire traffic (see {@link NetworkAdapter.observeWire}). */
export type WireListener = (traffic: WireTraffic) => void

/** Subscribe with this instead of an agent id to receive the events of every agent. */
export const ALL_AGENTS = "*"

/** The capabilities of an adapter that implements only the seed's methods. */
export const SEED_CAPABILITIES: Readonly<AdapterCapabilities> = Object.freeze({
  streaming: false,
  cancel: false,
  resume: false,
  toolCalls: true,
  cards: true,
})

/**
 * The base class of every adapter. The abstract methods are Hypermode ChatKit's contract,
 * so a subclass written for ChatKit works unchanged; the streaming surface (`subscribe`,
 * `emit`, `capabilities`, the `signal` option) is additive and optional for subclasses.
 */
export abstract class NetworkAdapter {
  /** What this adapter supports; subclasses that stream or cancel override it. */
  readonly capabilities: Readonly<AdapterCapabilities> = SEED_CAPABILITIES

  readonly #listeners = new Map<string, Set<ChatEventListener>>()
  // Undefined until someone observes the wire, so an untapped adapter pays one check per frame.
  #wireListeners: Set<WireListener> | undefined
  #connectionStatus: ConnectionStatus = "closed"

  /** Creates a new chat agent (a conversation) and resolves with its id. */
  abstract startChatAgent(): Promise<string>

  /**
   * Sends a user message to an agent and resolves with the items of the turn. Streaming
   * adapters also emit events while the turn runs; the resolved items reconcile with them.
   */
  abstract sendMessage(
    agentId: string,
    message: string,
    options?: SendMessageOptions,
  ): Promise<ChatResponse>

  /** Every item of an agent's conversation, in order. */
  abstract getConversationItems(agentId: string): Promise<ChatResponseItem[]>

  /** The messages of an agent's conversation, without tool calls or cards. */
  async getConversationHistory(agentId: string): Promise<Message[]> {
    const items = await this.getConversationItems(agentId)
    return items.flatMap((item) =>
      item.type === "message"
        ? [{ id: item.id, content: item.content, role: item.role, timestamp: item.timestamp }]
        : [],
    )
  }

  /** Forgets an agent's conversation; the agent stays usable. */
  abstract clearConversationHistory(agentId: string): Promise<void>

  /** Stops an agent and frees what it holds; later calls for it fail. */
  abstract stopChatAgent(agentId: string): Promise<void>

  /** Optional set-up before first use (connection pools, tokens). */
  // biome-ignore lint/suspicious/noExplicitAny: the seed contract types config this way.
  async initialize(_config?: Record<string, any>): Promise<void> {}

  /**
   * Optional: handles a card's button action on the server side (the UI calls
   * `onCardAction` too). Adapters whose wire has no such notion leave it out.
   */
  handleCardAction?(agentId: string, action: CardAction, card: Card): Promise<void>

  /**
   * Optional (with `capabilities.toolApproval`): sends the answer to a tool call that waits
   * for one (a `tool-response-requested` event) and lets the run go on; the events of what
   * follows arrive through `subscribe`, and end with `run-finished`. `options.signal` cancels
   * that run. Rejects with a `ChatError` when the wire refuses it.
   */
  respondToToolCall?(
    agentId: string,
    toolCallId: string,
    response: ToolCallResponse,
    options?: RespondToToolCallOptions,
  ): Promise<void>

  /**
   * Optional (with `capabilities.feedback`): sends a user's rating of an answer, or `null` when
   * the user takes it back. Rejects with a `ChatError` when the wire refuses it.
   */
  sendFeedback?(agentId: string, itemId: string, feedback: MessageFeedback | null): Promise<void>

  /** The last connection state this adapter emitted (`closed` before any). */
  get connectionStatus(): ConnectionStatus {
    return this.#connectionStatus
  }

  /**
   * Listens to the events of one agent (plus adapter-wide connection changes and errors),
   * or of every agent with {@link ALL_AGENTS}. Returns the function that stops listening.
   */
  subscribe(agentId: string, listener: ChatEventListener): () => void {
    let listeners = this.#listeners.get(agentId)
    if (!listeners) {
      listeners = new Set()
      this.#listeners.set(agentId, listeners)
    }
    listeners.add(listener)
    return () => {
      const current = this.#listeners.get(agentId)
      if (!current) return
      current.delete(listener)
      if (current.size === 0) this.#listeners.delete(agentId)
    }
  }

  /**
   * Delivers an event to its listeners. A listener that throws is reported and does not
   * stop the others, so a UI bug never breaks the adapter's socket handling.
   */
  protected emit(event: ChatEvent): void {
    if (event.type === "connection-changed") this.#connectionStatus = event.status
    const agentId = "agentId" in event ? event.agentId : undefined
    if (agentId === undefined) {
      for (const listeners of this.#listeners.values()) this.#deliver(listeners, event)
      return
    }
    this.#deliver(this.#listeners.get(agentId), event)
    if (agentId !== ALL_AGENTS) this.#deliver(this.#listeners.get(ALL_AGENTS), event)
  }

  /** Whether anyone listens to an agent's events (so an adapter can skip work nobody sees). */
  protected hasListeners(agentId: string): boolean {
    return this.#listeners.has(agentId) || this.#listeners.has(ALL_AGENTS)
  }

  /**
   * Listens to the adapter's raw wire traffic (devtools, recordings). Adapters that have a
   * wire report it through {@link tapWire}. Returns the function that stops listening.
   */
  observeWire(listener: WireListener): () => void {
    this.#wireListeners ??= new Set()
    this.#wireListeners.add(listener)
    return () => {
      this.#wireListeners?.delete(listener)
      if (this.#wireListeners?.size === 0) this.#wireListeners = undefined
    }
  }

  /**
   * Reports raw traffic to the wire's observers. It takes the pieces as arguments so that a
   * call with nobody listening allocates nothing; never serialise for it unless
   * {@link wireObserved} says someone listens.
   */
  protected tapWire(direction: "in" | "out", wire: string, data: unknown, agentId?: string): void {
    const listeners = this.#wireListeners
    if (listeners === undefined) return
    const traffic: WireTraffic =
      agentId === undefined ? { direction, wire, data } : { direction, wire, data, agentId }
    for (const listener of [...listeners]) {
      try {
        listener(traffic)
      } catch (error) {
        reportListenerError(error)
      }
    }
  }

  /** Whether anyone observes the wire (so an adapter can skip turning bytes into text). */
  protected get wireObserved(): boolean {
    return this.#wireListeners !== undefined
  }

  #deliver(listeners: Set<ChatEventListener> | undefined, event: ChatEvent): void {
    if (!listeners) return
    // One listener (the controller) is the usual case, and this runs for every token: no copy.
    // With more, a copy, so that one listener subscribing or leaving does not change who else
    // gets this event.
    if (listeners.size === 1) {
      callListener(listeners.values().next().value as ChatEventListener, event)
      return
    }
    for (const listener of [...listeners]) callListener(listener, event)
  }
}

/** Calls one listener; what it throws is reported and goes no further. */
function callListener(listener: ChatEventListener, event: ChatEvent): void {
  try {
    listener(event)
  } catch (error) {
    reportListenerError(error)
  }
}

function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === "function") report(error)
  else console.error("aichatkit: a ChatEvent listener threw", error)
}
