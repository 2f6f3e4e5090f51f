/**
 * The running turns of a controller, one per conversation: starting the conversation's agent
 * when it has none, sending, landing the answer, and keeping a failure as state. Cancelling
 * aborts the turn's `AbortSignal` and makes its late result ignored.
 */
import type { NetworkAdapter, SendMessageOptions, UploadProgress } from "@aichatkit/network-adapter"
import { type AttachmentToSend, toAdapterError, toChatError } from "@aichatkit/types"
import type { AdapterEventRouter } from "./adapter-events.js"
import { branchHistory } from "./branches.js"
import type { Turn } from "./controller-helpers.js"
import type { KeptRecording } from "./kept-recording.js"
import { responseActions } from "./response-actions.js"
import { lastUserItemId } from "./turn-markers.js"
import type { ChatAction, ChatStore, ConversationState } from "./types.js"

/** What a turn sends besides its text. */
export interface TurnPayload {
  /** Files sent with the message. */
  attachments?: readonly AttachmentToSend[]
  /** A voice message, streamed while it is recorded and kept until it is sent. */
  recording?: KeptRecording | undefined
  /** Answer the last user message again (`capabilities.regenerateLast`) instead of sending it. */
  regenerate?: boolean
}

export class TurnRunner {
  readonly #adapter: NetworkAdapter
  readonly #store: ChatStore
  readonly #events: AdapterEventRouter
  readonly #isDisposed: () => boolean
  readonly #turns = new Map<string, Turn>()
  /**
   * The run each conversation's last answer to a tool call started. Apart from `#turns`: an
   * adapter may settle the answer before its run ends, and Stop must still reach that run.
   */
  readonly #answers = new Map<string, Turn>()
  /** The files of each conversation's failed turn, so Retry sends them again. */
  readonly #failedAttachments = new Map<string, readonly AttachmentToSend[]>()
  /** Conversations whose failed turn was a regeneration, so Retry regenerates again. */
  readonly #failedRegenerations = new Set<string>()
  /** The recording of each conversation's failed voice message, so Retry sends it again. */
  readonly #failedRecordings = new Map<string, KeptRecording>()

  constructor(
    adapter: NetworkAdapter,
    store: ChatStore,
    events: AdapterEventRouter,
    isDisposed: () => boolean,
  ) {
    this.#adapter = adapter
    this.#store = store
    this.#events = events
    this.#isDisposed = isDisposed
  }

  /** Whether a turn of the conversation is under way (its send has not settled). */
  has(conversationId: string): boolean {
    return this.#turns.has(conversationId)
  }

  /**
   * What Retry sends with the conversation's failed turn: its files, its recording (a voice
   * message goes again as one), and whether it was a regeneration (the message is then not
   * sent a second time to a server that keeps it).
   */
  failedPayload(conversationId: string): TurnPayload {
    return {
      attachments: this.#failedAttachments.get(conversationId) ?? [],
      recording: this.#failedRecordings.get(conversationId),
      regenerate: this.#failedRegenerations.has(conversationId),
    }
  }

  /** Lets go of what a conversation's failed turn kept for Retry (the conversation is gone). */
  forget(conversationId: string): void {
    this.#forgetFailed(conversationId, undefined)
  }

  /**
   * Aborts the conversation's turn, and the run its last answer to a tool call started;
   * whatever they still bring is ignored.
   */
  stop(conversationId: string): void {
    for (const turns of [this.#turns, this.#answers]) {
      const turn = turns.get(conversationId)
      if (!turn) continue
      turn.cancelled = true
      turns.delete(conversationId)
      turn.abort.abort()
    }
  }

  /** The run an answer to a tool call starts: `stop` aborts its signal as a turn's. */
  followAnswer(conversationId: string): Turn {
    const turn: Turn = { abort: new AbortController(), cancelled: false }
    this.#answers.set(conversationId, turn)
    return turn
  }

  /** Forgets the answer's run once it is over (nothing left for `stop` to abort). */
  releaseAnswer(conversationId: string, turn: Turn): void {
    if (this.#answers.get(conversationId) === turn) this.#answers.delete(conversationId)
  }

  /**
   * Runs one turn: dispatches `actions` (the turn's start), sends `text` and lands the answer,
   * or keeps the failure as state. Resolves when the turn ends.
   */
  async run(
    conversation: ConversationState,
    text: string,
    actions: readonly ChatAction[],
    payload: TurnPayload = {},
  ): Promise<void> {
    const events = this.#events
    const exists = () => this.#store.getState().conversations[conversation.id] !== undefined
    events.listen(conversation.id)
    events.dispatch(actions)
    const turn: Turn = { abort: new AbortController(), cancelled: false }
    this.#turns.set(conversation.id, turn)
    // A new turn follows the answered run, which is over (send waits for a run to end).
    this.#answers.delete(conversation.id)
    this.#forgetFailed(conversation.id, payload.recording)
    /** Whether Retry may still need the payload: the turn failed, or its run may fail yet. */
    let kept = false
    try {
      const { agentId, response } = await this.#send(conversation, text, turn, payload)
      // A streaming adapter resolves the send and reports a failed run over its events: the
      // queued ones reach the store first, so the run's end is known before the answer lands.
      events.flush()
      const current = this.#store.getState().conversations[conversation.id]
      if (turn.cancelled || this.#isDisposed() || !current) return
      const { actions: landed, problems } = responseActions(current, agentId, response)
      for (const problem of problems) events.receive({ type: "error", agentId, error: problem })
      events.dispatch(landed)
      // Failed, or no run ended yet (the adapter resolved as soon as the server took the
      // message): the reducer marks a later failure of the run, and Retry sends this again.
      const run = this.#store.getState().conversations[conversation.id]?.run
      kept = run?.status !== "idle" || run.runId === undefined
      if (kept) this.#keepFailed(conversation.id, payload)
    } catch (error) {
      if (turn.cancelled || this.#isDisposed() || !exists()) return
      kept = true
      this.#keepFailed(conversation.id, payload)
      events.dispatch({
        type: "run-failed",
        conversationId: conversation.id,
        error: toAdapterError(error, "UNKNOWN"),
        message: text,
      })
    } finally {
      if (this.#turns.get(conversation.id) === turn) this.#turns.delete(conversation.id)
      // Sent, cancelled or gone: only a voice message that failed (or may yet) keeps its
      // recording, for Retry, until the next turn.
      if (!kept) payload.recording?.release()
    }
  }

  /**
   * Keeps what Retry sends again with the conversation's failed turn, however it failed: its
   * send rejected, or it resolved and the run ended in error over the adapter's events (before
   * the send resolved, or after).
   */
  #keepFailed(conversationId: string, { attachments = [], recording, regenerate }: TurnPayload) {
    if (attachments.length > 0) this.#failedAttachments.set(conversationId, attachments)
    if (regenerate === true) this.#failedRegenerations.add(conversationId)
    if (recording) this.#failedRecordings.set(conversationId, recording)
  }

  /**
   * Forgets what the conversation's last failed turn kept (a new turn starts), releasing its
   * recording unless that turn sends it again (`resent`, Retry).
   */
  #forgetFailed(conversationId: string, resent: KeptRecording | undefined): void {
    const recording = this.#failedRecordings.get(conversationId)
    if (recording !== resent) recording?.release()
    this.#failedAttachments.delete(conversationId)
    this.#failedRegenerations.delete(conversationId)
    this.#failedRecordings.delete(conversationId)
  }

  /**
   * Sends through the conversation's agent. A conversation restored from storage may name an
   * agent the server no longer knows: it gets a new agent once, and the message goes there.
   */
  async #send(
    conversation: ConversationState,
    text: string,
    turn: Turn,
    { attachments = [], recording, regenerate }: TurnPayload,
  ) {
    // Without files the options stay `{ signal }`: an adapter that predates attachments sees
    // exactly what it saw before.
    const options: SendMessageOptions =
      attachments.length > 0
        ? { signal: turn.abort.signal, attachments }
        : { signal: turn.abort.signal }
    // Only an adapter that branches sends a history; a server that keeps the conversation has it.
    const history = this.#adapter.capabilities.branching
      ? branchHistory(this.#store.getState().conversations[conversation.id])
      : undefined
    if (history !== undefined) options.history = history
    if (recording !== undefined) options.audio = recording.audio()
    if (attachments.length > 0)
      options.onUploadProgress = this.#uploadReporter(conversation.id, turn)
    if (regenerate === true) options.regenerate = true
    let agentId = conversation.agentId ?? (await this.#startAgentFor(conversation.id))
    try {
      return { agentId, response: await this.#adapter.sendMessage(agentId, text, options) }
    } catch (error) {
      const code = toAdapterError(error).code
      if (turn.cancelled || (code !== "AGENT_NOT_RUNNING" && code !== "NOT_FOUND")) throw error
      agentId = await this.#startAgentFor(conversation.id)
      if (turn.cancelled) throw error
      // The first agent may have read part of the recording: the new one gets all of it.
      if (recording !== undefined) options.audio = recording.audio()
      return { agentId, response: await this.#adapter.sendMessage(agentId, text, options) }
    }
  }

  /** The adapter's upload progress as the store's, for the files of the user item sent. */
  #uploadReporter(conversationId: string, turn: Turn): (progress: UploadProgress) => void {
    const conversation = this.#store.getState().conversations[conversationId]
    const itemId = (conversation && lastUserItemId(conversation)) ?? ""
    const item = conversation?.items[itemId]
    const attachments = (item?.type === "message" && item.attachments) || []
    return ({ index, loaded, total }) => {
      const attachmentId = attachments[index]?.id
      // Only while this turn runs: a late report after its end or a cancel shows nothing.
      if (this.#turns.get(conversationId) !== turn || this.#isDisposed()) return
      if (attachmentId === undefined) return
      const action = { conversationId, itemId, attachmentId, loaded, total }
      this.#events.dispatch({ type: "upload-progressed", ...action })
    }
  }

  /** Gives a conversation a fresh agent (its old one is gone, or it never had one). */
  async #startAgentFor(conversationId: string): Promise<string> {
    let agentId: string
    try {
      agentId = await this.#adapter.startChatAgent()
    } catch (error) {
      throw toChatError(error, "CONNECTION_FAILED")
    }
    if (this.#store.getState().conversations[conversationId]) {
      this.#events.dispatch({ type: "conversation-agent-set", conversationId, agentId })
    }
    return agentId
  }
}
