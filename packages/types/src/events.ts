/**
 * The events adapters emit while a run streams. Names are kebab-case noun-verb, as in the
 * AI SDK's stream parts. Every change of chat state is one of these through `reduceChat`.
 */
import type { AdapterError } from "./errors.js"
import type { Card, ChatResponseItem, ToolCall } from "./items.js"

/** The state of the adapter's link to its server. */
export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed"

/** How a run ended. */
export type RunFinishStatus = "ok" | "cancelled" | "error"

/** Fields of an existing item to change; only the fields given change. */
export interface ItemPatch {
  /** A message's whole text (replaces it). */
  content?: string
  /** Fields of a tool call (merged into it). */
  toolCall?: Partial<ToolCall>
  /** Fields of a card (merged into it). */
  card?: Partial<Card>
}

interface AgentEvent {
  /** The agent (conversation) the event belongs to. */
  agentId: string
  /** The run (turn) it belongs to, when the wire says. */
  runId?: string
}

/** An item appeared, or arrived again: upserted by `item.id`. */
export interface ItemAddedEvent extends AgentEvent {
  type: "item-added"
  item: ChatResponseItem
}

/** Text to append to a streaming message. */
export interface TextDeltaEvent extends AgentEvent {
  type: "text-delta"
  itemId: string
  delta: string
}

/** Fields of an item changed (a tool call's status or progress, a card's content). */
export interface ItemUpdatedEvent extends AgentEvent {
  type: "item-updated"
  itemId: string
  patch: ItemPatch
}

/** An item is complete: no more deltas or updates will come for it. */
export interface ItemDoneEvent extends AgentEvent {
  type: "item-done"
  itemId: string
}

/**
 * A tool call waits for an answer from the user's side before the agent goes on: the user
 * approves or denies it (`awaiting: "approval"`, the call becomes `awaiting-approval`), or the
 * page runs the tool itself, a browser tool (`awaiting: "output"`). Either way the call's item is
 * settled (no more updates come for it from this run); the answer goes back through
 * `respondToToolCall`.
 */
export interface ToolResponseRequestedEvent extends AgentEvent {
  type: "tool-response-requested"
  /** The tool call's item. */
  itemId: string
  awaiting: "approval" | "output"
}

/**
 * The answer to a tool call that waits for one: the user's approval or denial, or a browser
 * tool's output or error.
 */
export type ToolCallResponse =
  | { approved: boolean; reason?: string }
  | { output: unknown }
  | { error: string }

/**
 * A chunk of a message's audio (the agent speaking): appended to the message's `audio`, in
 * order, while the message streams. Each chunk decodes on its own.
 */
export interface AudioChunkEvent extends AgentEvent {
  type: "audio-chunk"
  /** The message the audio belongs to. */
  itemId: string
  /** Its media type, e.g. `audio/wav`. */
  mediaType: string
  /** The chunk's bytes, base64. */
  data: string
  /** How long the chunk lasts, in milliseconds, when the wire says. */
  durationMs?: number
}

/** The agent began answering. */
export interface RunStartedEvent extends AgentEvent {
  type: "run-started"
  runId: string
}

/** The agent finished answering, was cancelled, or failed. */
export interface RunFinishedEvent extends AgentEvent {
  type: "run-finished"
  runId: string
  status: RunFinishStatus
  error?: AdapterError
}

/** The adapter's connection changed; it concerns every agent of the adapter. */
export interface ConnectionChangedEvent {
  type: "connection-changed"
  status: ConnectionStatus
  error?: AdapterError
}

/** Something went wrong that the user should know about. */
export interface ErrorEvent {
  type: "error"
  /** The agent concerned, if any; absent for adapter-wide errors. */
  agentId?: string
  runId?: string
  error: AdapterError
}

/** Everything an adapter can emit. */
export type ChatEvent =
  | ItemAddedEvent
  | TextDeltaEvent
  | ItemUpdatedEvent
  | ItemDoneEvent
  | ToolResponseRequestedEvent
  | AudioChunkEvent
  | RunStartedEvent
  | RunFinishedEvent
  | ConnectionChangedEvent
  | ErrorEvent

/** The `type` of each event. */
export type ChatEventType = ChatEvent["type"]
