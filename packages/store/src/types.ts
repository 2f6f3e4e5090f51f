/**
 * The shape of chat state and of the controller: the contract `@aichatkit/ui` reads.
 * Add to it freely; renaming or removing a member breaks the UI.
 */
import type { MessageFeedback, NetworkAdapter } from "@aichatkit/network-adapter"
import type {
  AdapterError,
  AttachmentToSend,
  AudioToSend,
  Card,
  CardAction,
  ChatEvent,
  ChatResponseItem,
  ConnectionStatus,
  ToolCallResponse,
} from "@aichatkit/types"
import type { StoreApi } from "zustand/vanilla"

/** Where the current turn of a conversation is. */
export type RunStatus =
  /** No turn running; the last one (if any) finished well. */
  | "idle"
  /** The user's message is sent; nothing of the answer has arrived yet (show "thinking"). */
  | "submitted"
  /** The answer is arriving. */
  | "streaming"
  /** The last turn failed; `lastError` says why, `retry` tries it again. */
  | "error"
  /** The last turn was cancelled by the user. */
  | "cancelled"

/** How a turn that did not end well ended, shown after its last item. */
export type TurnMarker =
  | {
      status: "failed"
      error: AdapterError
      /** The user's text, sent again by Retry. */
      message: string
      /** Whether it is the latest turn of its conversation (the one Retry re-runs). */
      latest: boolean
      /**
       * A voice message's turn restored from storage: its recording was kept in memory only
       * and is gone, so Retry cannot send it again; the user has to record it again.
       */
      recordingNotKept?: boolean
      /**
       * A turn whose message had files, restored from storage: the files to send were kept in
       * memory only and are gone, so Retry cannot send them again; the user has to attach them again.
       */
      attachmentsNotKept?: boolean
    }
  | { status: "stopped" }

/** One conversation, normalized: items by id plus their order. */
export interface ConversationState {
  /** Local id, stable across reloads. */
  id: string
  title: string
  /** The adapter's agent behind this conversation, once started. */
  agentId?: string
  /** ISO 8601. */
  createdAt: string
  /** ISO 8601; changes when an item is added. */
  updatedAt: string
  /** Item ids in display order. A new array only when an item is added or removed. */
  itemIds: string[]
  /** Items by id. Updating one item replaces that item's object only. */
  items: Record<string, ChatResponseItem>
  /** Ids of items still streaming (no `item-done` yet): the UI marks them `aria-busy`. */
  streamingItemIds: Record<string, true>
  run: { status: RunStatus; runId?: string }
  /** The last error of this conversation, cleared when a new turn starts. */
  lastError?: AdapterError
  /** The text of the last user turn that failed, for `retry`. */
  lastFailedMessage?: string
  /**
   * The run under way (or the last one) was started by answering a tool call: its failure is
   * marked without Retry (the answer was taken, its tool may have run; nothing is sent again).
   */
  answeredToolCall?: true
  /** Text deltas that arrived before their item, applied when it arrives. */
  pendingDeltas: Record<string, string>
  /** Turns that failed or were stopped, by the id of the item the marker follows. */
  turnMarkers?: Record<string, TurnMarker>
  /** The local id of the optimistic user item not yet matched by the server's user item. */
  pendingUserItemId?: string
  /**
   * For a streaming message the server started to replay (an `item-added` whose content is a
   * prefix of what already streamed): how far the replay has got. Replayed deltas that match
   * the text already there are skipped instead of appended twice.
   */
  replayOffsets?: Record<string, number>
  /**
   * The places along the shown path where an edit or a regeneration left alternatives,
   * ordered by `at`. Absent until the first one.
   */
  branches?: BranchPoint[]
  /** The user's thumbs up or down, by the id of the item rated. */
  feedback?: Record<string, MessageFeedback>
  /**
   * The upload progress of the files of the message being sent, in whole percents (0 to 99) by
   * user item id, then by attachment id, where the adapter reports it. Transient: never stored,
   * a file goes when uploaded, all of them when the turn ends.
   */
  uploads?: Record<string, Record<string, number>>
}

/**
 * One place of a conversation with alternatives (an edited message, a regenerated answer): the
 * shown path holds the selected one from `at` on, the others wait here.
 */
export interface BranchPoint {
  /** The index in `itemIds` where the alternatives start. */
  at: number
  /** Which alternative the shown path holds, from 0. */
  selected: number
  /** Each alternative's tail; `null` for the selected one (its items are the shown ones). */
  alternatives: (BranchTail | null)[]
}

/** An alternative not shown: its items from the branch point on, and the branch points in them. */
export interface BranchTail {
  items: ChatResponseItem[]
  branches: BranchPoint[]
}

/**
 * The adapter's connection as the chat knows it: `unknown` until the adapter reports one
 * (adapters of the seed's kind never do: they have no connection to speak of).
 */
export type ChatConnectionStatus = ConnectionStatus | "unknown"

/** The whole chat state of one store. */
export interface ChatState {
  connection: { status: ChatConnectionStatus; error?: AdapterError }
  /** Conversations by local id. */
  conversations: Record<string, ConversationState>
  /** Conversation ids, most recently created first. */
  conversationOrder: string[]
  activeConversationId?: string
  /** The last adapter-wide `error` event (one without an `agentId`). */
  lastError?: AdapterError
  /** The conversation deleted a moment ago, while its deletion can be undone. */
  deletedConversation?: DeletedConversation
}

/** A conversation whose deletion can still be undone, and where it was. */
export interface DeletedConversation {
  conversation: ConversationState
  /** Its place in `conversationOrder`. */
  index: number
  /** Whether it was the active conversation. */
  wasActive: boolean
}

/** Actions of the store itself, beside the adapter's `ChatEvent`s. */
export type StoreAction =
  | {
      type: "conversation-created"
      conversation: { id: string; title: string; createdAt: string; agentId?: string }
    }
  | { type: "conversation-agent-set"; conversationId: string; agentId: string }
  | { type: "conversation-selected"; conversationId: string | undefined }
  | { type: "conversation-renamed"; conversationId: string; title: string }
  | { type: "conversation-deleted"; conversationId: string; undoable?: boolean }
  /** Brings back the conversation deleted a moment ago (undo). */
  | { type: "conversation-restored"; conversationId: string }
  /** The deletion of a conversation can no longer be undone. */
  | { type: "conversation-deletion-finished"; conversationId: string }
  | { type: "conversation-cleared"; conversationId: string }
  | { type: "conversation-items-loaded"; conversationId: string; items: ChatResponseItem[] }
  | { type: "user-message-sent"; conversationId: string; item: ChatResponseItem }
  | { type: "item-removed"; conversationId: string; itemId: string }
  /** A turn is sent, or (`answer`) a tool call answered. */
  | { type: "run-submitted"; conversationId: string; answer?: true }
  | { type: "run-failed"; conversationId: string; error: AdapterError; message?: string }
  | { type: "run-cancelled"; conversationId: string }
  | { type: "run-settled"; conversationId: string }
  /** A file of the user item `itemId` uploaded `loaded` of `total` bytes (complete: dropped). */
  | {
      type: "upload-progressed"
      conversationId: string
      itemId: string
      attachmentId: string
      loaded: number
      total: number
    }
  /** The latest (failed) turn runs again with the same user message. */
  | { type: "turn-retried"; conversationId: string }
  /** The shown items from `at` on become a stored alternative; a new, empty one is shown. */
  | { type: "branch-forked"; conversationId: string; at: number }
  /** Shows alternative `index` of the branch point at `at`. */
  | { type: "branch-selected"; conversationId: string; at: number; index: number }
  /** The user rated an item (`null`: took the rating back). */
  | {
      type: "feedback-given"
      conversationId: string
      itemId: string
      feedback: MessageFeedback | null
    }

/** Everything `reduceChat` accepts. */
export type ChatAction = ChatEvent | StoreAction

/** The store: chat state plus the one function that changes it. */
export interface ChatStoreState extends ChatState {
  /** Applies one action or event (several, batched into one update, with an array). */
  dispatch: (action: ChatAction | readonly ChatAction[]) => void
}

/** A zustand vanilla store of chat state. */
export type ChatStore = StoreApi<ChatStoreState>

/** Options of {@link ChatController.send}. */
export interface SendOptions {
  /** The conversation to send to (the active one, or a new one, by default). */
  conversationId?: string
  /**
   * Files and images to send with the text (where the adapter's `capabilities.attachments`);
   * with them the text may be empty. They show on the optimistic user item at once.
   */
  attachments?: readonly AttachmentToSend[]
  /**
   * A voice message (where the adapter's `capabilities.audio`): its chunks stream while they
   * are recorded; with it the text may be empty. The turn runs from the first chunk.
   */
  audio?: AudioToSend
}

/** Binds one adapter to one store; what the UI calls. */
export interface ChatController {
  readonly store: ChatStore
  readonly adapter: NetworkAdapter
  /** Starts an agent for a new conversation, selects it and resolves with its local id. */
  createConversation(title?: string): Promise<string>
  selectConversation(conversationId: string): void
  renameConversation(conversationId: string, title: string): void
  /**
   * Removes the conversation and stops its agent. With `undoMs`, the deletion can be undone
   * for that long (`restoreConversation`; the store's `deletedConversation` says which) and
   * the agent stops only when it is final. Resolves when the agent is stopped, or restored.
   */
  deleteConversation(conversationId: string, options?: { undoMs?: number }): Promise<void>
  /** Brings back the conversation deleted a moment ago, if its deletion can still be undone. */
  restoreConversation(conversationId: string): boolean
  /**
   * Sends a user message to a conversation (the active one by default, created if there is
   * none): an optimistic user item at once, then the answer. Resolves when the turn ends; its
   * outcome is state (`run`, `lastError`). Rejects with a `ChatError` only when the turn cannot
   * start: empty text, an unknown conversation, or a turn still running.
   */
  send(text: string, options?: SendOptions): Promise<void>
  /**
   * Cancels the running turn (aborts its `AbortSignal`); the run is `cancelled` at once and
   * its late events are ignored, even when the adapter cannot cancel.
   */
  cancel(conversationId?: string): void
  /**
   * Runs the failed latest turn again: the same user message (not a second copy), the failed
   * attempt's partial answer replaced by the new one.
   */
  retry(conversationId?: string): Promise<void>
  /**
   * Sends `text` in place of the user message `itemId`, with its files (then `text` may be
   * blank): what followed it stays as another branch. Needs `adapter.capabilities.branching`
   * (and `attachments` for a message of files); rejects with a `ChatError` for an unknown item,
   * a turn still running, or an adapter that cannot branch or send the files.
   */
  editMessage(itemId: string, text: string, options?: { conversationId?: string }): Promise<void>
  /**
   * Answers the user message before `itemId` again: the answer shown stays as another branch.
   * Needs `adapter.capabilities.branching`, or `regenerateLast` for the last answer only (any
   * other item is INVALID_INPUT); rejects as `editMessage` otherwise.
   */
  regenerate(itemId: string, options?: { conversationId?: string }): Promise<void>
  /**
   * Shows alternative `index` (from 0) of the branch point whose shown first item is `itemId`.
   * Throws a `ChatError` (NOT_FOUND) when there is no such branch, and changes nothing.
   */
  selectBranch(itemId: string, index: number, options?: { conversationId?: string }): void
  /**
   * Keeps the user's rating of an item (`null` takes it back) and sends it to the adapter when
   * it takes feedback (`sendFeedback`); a failure to send is reported, the rating stays.
   */
  giveFeedback(
    itemId: string,
    feedback: MessageFeedback | null,
    options?: { conversationId?: string },
  ): Promise<void>
  /** Clears the conversation here and on the adapter; an adapter failure rejects (and is `lastError`). */
  clearHistory(conversationId?: string): Promise<void>
  /** Replaces the conversation's items with `adapter.getConversationItems`; failures as `clearHistory`. */
  reload(conversationId?: string): Promise<void>
  /** Passes a card action to the adapter when it handles actions (`handleCardAction`). */
  handleCardAction(action: CardAction, card: Card, conversationId?: string): Promise<void>
  /**
   * Answers a tool call that waits for one: approves or denies it (`awaiting-approval`), or
   * gives a browser tool's output or error; the adapter sends it and the run goes on. Rejects
   * with a `ChatError`, the store unchanged, for an unknown call, a call that no longer waits,
   * or an adapter without `capabilities.toolApproval`.
   */
  respondToToolCall(
    conversationId: string,
    toolCallId: string,
    response: ToolCallResponse,
  ): Promise<void>
  /**
   * Listens to the adapter's events (the controller does at creation unless made with
   * `connect: false`); returns the function that undoes this call. Listening stops when every
   * `connect()` has been undone, and starts again with the next one.
   */
  connect(): () => void
  /** Unsubscribes from the adapter and stops pending timers; the store stays readable. */
  dispose(): void
}
