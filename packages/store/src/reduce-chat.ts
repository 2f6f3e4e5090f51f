/**
 * The one function every change of chat state goes through. Pure: it never mutates its input,
 * returns the same state object when an action changes nothing, and copies only the objects
 * on the path to a change (unchanged items and conversations keep their identity).
 */
import type {
  AdapterError,
  ChatEvent,
  ConnectionStatus,
  RunFinishedEvent,
  RunStartedEvent,
  TextDeltaEvent,
} from "@aichatkit/types"
import { isAdapterError } from "@aichatkit/types"
import { ChatDraft } from "./chat-draft.js"
import { isDeepEqual } from "./deep-equal.js"
import {
  addItem,
  appendAudio,
  appendDelta,
  appendDeltas,
  finishItem,
  settleStreamingItems,
  updateItem,
} from "./reduce-items.js"
import { applyStoreAction } from "./reduce-store-actions.js"
import { awaitToolResponse } from "./reduce-tool-calls.js"
import { markFailedTurn, markTurn } from "./turn-markers.js"
import type { ChatAction, ChatState, ConversationState, RunStatus } from "./types.js"

/** The state of a store with no conversations and no connection reported yet. */
export const initialChatState: ChatState = {
  connection: { status: "unknown" },
  conversations: {},
  conversationOrder: [],
}

/**
 * Applies one action, or a batch of them, to chat state and returns the next state. A batch
 * copies each touched object once, however many actions write to it.
 */
export function reduceChat<S extends ChatState>(
  state: S,
  action: ChatAction | readonly ChatAction[],
): S {
  const draft = new ChatDraft(state)
  if (isActionList(action)) {
    for (let index = 0; index < action.length; ) {
      const run = textDeltaRun(action, index)
      if (run > 1) appendDeltaRun(draft, action.slice(index, index + run) as TextDeltaEvent[])
      else applyAction(draft, action[index] as ChatAction)
      index += Math.max(run, 1)
    }
  } else {
    applyAction(draft, action)
  }
  return draft.state
}

/**
 * How many actions from `start` are text deltas of one item of one agent: a batch of a fast
 * stream is mostly such runs, applied together (see {@link appendDeltas}).
 */
function textDeltaRun(actions: readonly ChatAction[], start: number): number {
  const first = actions[start]
  if (!isTextDelta(first)) return 0
  let end = start + 1
  while (end < actions.length) {
    const next = actions[end]
    if (!isTextDelta(next) || next.agentId !== first.agentId || next.itemId !== first.itemId) break
    end++
  }
  return end - start
}

function isTextDelta(action: ChatAction | undefined): action is TextDeltaEvent {
  return typeof action === "object" && action !== null && action.type === "text-delta"
}

/** A run of one item's deltas: together when they simply extend its text, else one by one. */
function appendDeltaRun(draft: ChatDraft<ChatState>, run: readonly TextDeltaEvent[]) {
  const conversationId = draft.conversationIdForAgent(run[0]?.agentId)
  if (conversationId === undefined) return
  if (appendDeltas(draft, conversationId, run)) return
  for (const event of run) appendDelta(draft, conversationId, event)
}

function isActionList(value: ChatAction | readonly ChatAction[]): value is readonly ChatAction[] {
  return Array.isArray(value)
}

const connectionStatuses: ReadonlySet<ConnectionStatus> = new Set([
  "connecting",
  "open",
  "reconnecting",
  "closed",
])

const finishedStatuses: ReadonlySet<RunStatus> = new Set(["idle", "error", "cancelled"])

/** The error kept when an `error` event carries something that is not an `AdapterError`. */
const unreadableError: AdapterError = {
  code: "PROTOCOL_ERROR",
  message: "The server reported an error in a form the client cannot read; try again.",
  retryable: true,
}

function applyAction(draft: ChatDraft<ChatState>, action: ChatAction): void {
  if (typeof action !== "object" || action === null) return
  switch (action.type) {
    case "item-added":
    case "text-delta":
    case "item-updated":
    case "item-done":
    case "tool-response-requested":
    case "audio-chunk":
    case "run-started":
    case "run-finished":
      applyAgentEvent(draft, action)
      return
    case "connection-changed":
      changeConnection(draft, action.status, action.error)
      return
    case "error":
      reportError(draft, action.agentId, action.error)
      return
    default:
      applyStoreAction(draft, action)
  }
}

type AgentEvent = Extract<ChatEvent, { agentId: string }>

function applyAgentEvent(draft: ChatDraft<ChatState>, event: AgentEvent) {
  const conversationId = draft.conversationIdForAgent(event.agentId)
  if (conversationId === undefined) return
  // A cancelled run's late events never get here: the controller's event router drops them.
  const conversation = draft.read(conversationId) as ConversationState
  switch (event.type) {
    case "item-added":
      return addItem(draft, conversationId, event)
    case "text-delta":
      return appendDelta(draft, conversationId, event)
    case "item-updated":
      return updateItem(draft, conversationId, event)
    case "item-done":
      return finishItem(draft, conversationId, event)
    case "tool-response-requested":
      return awaitToolResponse(draft, conversationId, event)
    case "audio-chunk":
      return appendAudio(draft, conversationId, event)
    case "run-started":
      return startRun(draft, conversationId, conversation, event)
    case "run-finished":
      return finishRun(draft, conversationId, conversation, event)
    default:
      // A new agent event kind fails to compile here until it is handled.
      return event satisfies never
  }
}

function startRun(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  conversation: ConversationState,
  event: RunStartedEvent,
): void {
  const { run } = conversation
  if (typeof event.runId !== "string" || run.runId === event.runId) return
  const writable = draft.conversation(conversationId)
  // The user cancelled before the run had an id: this is that run starting late.
  if (run.status === "cancelled" && run.runId === undefined) {
    writable.run = { status: "cancelled", runId: event.runId }
    return
  }
  writable.run = { status: "streaming", runId: event.runId }
  delete writable.lastError
}

function finishRun(
  draft: ChatDraft<ChatState>,
  conversationId: string,
  conversation: ConversationState,
  event: RunFinishedEvent,
): void {
  const { run } = conversation
  if (typeof event.runId !== "string") return
  if (run.runId === event.runId && finishedStatuses.has(run.status)) return
  // A stale end of an older run while a newer one streams.
  if (run.status === "streaming" && run.runId !== event.runId) return
  const writable = draft.conversation(conversationId)
  if (run.status === "cancelled" && run.runId === undefined) {
    writable.run = { status: "cancelled", runId: event.runId }
  } else if (event.status === "error") {
    writable.run = { status: "error", runId: event.runId }
    writable.lastError = isAdapterError(event.error) ? event.error : unreadableError
  } else {
    writable.run = {
      status: event.status === "cancelled" ? "cancelled" : "idle",
      runId: event.runId,
    }
  }
  const { status } = writable.run
  settleStreamingItems(draft, conversationId, status === "cancelled")
  if (status === "cancelled") markTurn(draft, conversationId, { status: "stopped" })
  // The one place that sees every failed run, whether its send has resolved or not.
  else if (status === "error") markFailedTurn(draft, conversationId)
}

function changeConnection(draft: ChatDraft<ChatState>, status: unknown, error: unknown): void {
  if (!connectionStatuses.has(status as ConnectionStatus)) return
  const next: ChatState["connection"] = { status: status as ConnectionStatus }
  if (error !== undefined) next.error = isAdapterError(error) ? error : unreadableError
  if (isDeepEqual(draft.state.connection, next)) return
  draft.root().connection = next
}

function reportError(draft: ChatDraft<ChatState>, agentId: unknown, reported: unknown): void {
  const error = isAdapterError(reported) ? reported : unreadableError
  if (agentId === undefined) {
    if (!isDeepEqual(draft.state.lastError, error)) draft.root().lastError = error
    return
  }
  const conversationId = draft.conversationIdForAgent(agentId)
  if (conversationId === undefined) return
  const conversation = draft.read(conversationId) as ConversationState
  if (isDeepEqual(conversation.lastError, error)) return
  draft.conversation(conversationId).lastError = error
}
