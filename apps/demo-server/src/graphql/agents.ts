/**
 * The conversations the GraphQL endpoint serves: each one's items, its running turn, and the
 * subscribers of its events. A turn's events are published as they happen; the turn's items
 * are what `continueChat` resolves with.
 */
import { randomUUID } from "node:crypto"
import { ItemAccumulator, type ScriptedAgent } from "@aichatkit/testing"
import type { AdapterError, ChatEvent, ChatResponseItem, MessageItem } from "@aichatkit/types"
import { filesTooLarge } from "../message-files.js"
import { EventChannel } from "./channel.js"
import { type AgentEventPayload, encodeAgentEvent, subscribedEvent } from "./encode.js"
import { chatError } from "./errors.js"
import { agentFiles, type FileLink, userAttachments } from "./files.js"
import { parseToolCallResponse } from "./tool-call-response.js"

/** Longest user message accepted, in characters. */
export const MAX_QUERY_LENGTH = 100_000
/** Most conversations kept at once. */
export const MAX_AGENTS = 1_000
/** Most events queued for one subscriber that does not read. */
const SUBSCRIBER_QUEUE_LIMIT = 10_000

interface Conversation {
  /** Finished turns' items, user messages included, in order. */
  items: ChatResponseItem[]
  /** The running turn's items so far. */
  live: ItemAccumulator | undefined
  subscribers: Set<EventChannel<AgentEventPayload>>
  turn: AbortController | undefined
}

export class AgentRegistry {
  readonly #conversations = new Map<string, Conversation>()

  constructor(private readonly agent: ScriptedAgent) {}

  create(): string {
    if (this.#conversations.size >= MAX_AGENTS) {
      throw chatError(
        "RATE_LIMITED",
        `The demo server keeps at most ${MAX_AGENTS} conversations; delete some first.`,
        true,
      )
    }
    const id = `agent-${randomUUID()}`
    this.#conversations.set(id, {
      items: [],
      live: undefined,
      subscribers: new Set(),
      turn: undefined,
    })
    return id
  }

  #get(id: string): Conversation {
    const conversation = this.#conversations.get(id)
    if (!conversation) {
      throw chatError(
        "NOT_FOUND",
        `There is no conversation "${id}"; create one with createConversation.`,
      )
    }
    return conversation
  }

  /** Every item, the running turn's included (so a client that reconnects mid-turn catches up). */
  history(id: string): ChatResponseItem[] {
    const conversation = this.#get(id)
    return [...conversation.items, ...(conversation.live?.items() ?? [])]
  }

  clear(id: string): void {
    const conversation = this.#get(id)
    conversation.turn?.abort()
    conversation.items = []
    conversation.live = undefined
  }

  delete(id: string): void {
    const conversation = this.#get(id)
    conversation.turn?.abort()
    for (const subscriber of conversation.subscribers) subscriber.close()
    this.#conversations.delete(id)
  }

  /** A subscription to one conversation's events, starting with `subscribed`. */
  listen(id: string): EventChannel<AgentEventPayload> {
    const conversation = this.#get(id)
    const channel: EventChannel<AgentEventPayload> = new EventChannel(SUBSCRIBER_QUEUE_LIMIT, () =>
      conversation.subscribers.delete(channel),
    )
    conversation.subscribers.add(channel)
    channel.push(subscribedEvent(id))
    return channel
  }

  /**
   * Runs one turn: publishes each event to the subscribers as it happens and resolves with
   * the turn's items. Aborting `signal` (the client went away) cancels the turn. `files`, the
   * message's links, stay on the user's item; text may be blank when files come.
   */
  async continue(
    id: string,
    query: string,
    signal: AbortSignal | undefined,
    files: readonly FileLink[] = [],
  ): Promise<ChatResponseItem[]> {
    const conversation = this.#get(id)
    if (query.trim() === "" && files.length === 0)
      throw chatError("INVALID_INPUT", "The message is empty; send some text or files.")
    const tooLarge = filesTooLarge(files)
    if (tooLarge) throw chatError("PAYLOAD_TOO_LARGE", tooLarge)
    if (query.length > MAX_QUERY_LENGTH) {
      throw chatError(
        "PAYLOAD_TOO_LARGE",
        `The message is longer than ${MAX_QUERY_LENGTH} characters; send a shorter one.`,
      )
    }
    if (conversation.turn) {
      throw chatError(
        "INVALID_INPUT",
        "This conversation is still answering; wait for the answer or cancel it, then send again.",
        true,
      )
    }
    const userId = `user-${randomUUID()}`
    const question: MessageItem = {
      id: userId,
      type: "message",
      role: "user",
      content: query,
      timestamp: new Date().toISOString(),
      ...(files.length > 0 ? { attachments: userAttachments(userId, files) } : {}),
    }
    conversation.items.push(question)
    return this.#play(conversation, signal, (turn) =>
      this.agent.respond({
        agentId: id,
        message: query,
        files: agentFiles(question),
        signal: turn,
      }),
    )
  }

  /**
   * Answers the last user message again (the `regenerate` mutation): the last answer goes, and
   * the new one is published as it happens, as a turn's is.
   */
  async regenerate(id: string, signal: AbortSignal | undefined): Promise<ChatResponseItem[]> {
    const conversation = this.#get(id)
    if (conversation.turn) {
      throw chatError(
        "INVALID_INPUT",
        "This conversation is still answering; wait for the answer or cancel it, then regenerate.",
        true,
      )
    }
    const index = conversation.items.findLastIndex(
      (item) => item.type === "message" && item.role === "user",
    )
    const question = conversation.items[index]
    if (question?.type !== "message" || index === conversation.items.length - 1) {
      throw chatError(
        "INVALID_INPUT",
        "There is no answer to regenerate yet; send a message first.",
      )
    }
    conversation.items = conversation.items.slice(0, index + 1)
    return this.#play(conversation, signal, (turn) =>
      this.agent.respond({
        agentId: id,
        message: question.content,
        files: agentFiles(question),
        signal: turn,
      }),
    )
  }

  /**
   * Answers a tool call that waits (the `respondToToolCall` mutation): the agent's next run is
   * published as it happens, as a turn's is. `response` is the answer as JSON.
   */
  async answer(id: string, toolCallId: string, response: string): Promise<boolean> {
    const conversation = this.#get(id)
    const answer = parseToolCallResponse(response)
    const item = conversation.items.find(
      (candidate) => candidate.type === "tool_call" && candidate.toolCall.id === toolCallId,
    )
    if (item?.type !== "tool_call") {
      throw chatError("NOT_FOUND", `There is no tool call "${toolCallId}" in this conversation.`)
    }
    const status = item.toolCall.status
    const waits =
      "approved" in answer
        ? status === "awaiting-approval"
        : status === "pending" || status === "executing"
    if (!waits || conversation.turn || !this.agent.answerToolCall) {
      throw chatError(
        "INVALID_INPUT",
        `The tool call "${toolCallId}" no longer waits for this answer.`,
      )
    }
    const answerToolCall = this.agent.answerToolCall.bind(this.agent)
    await this.#play(conversation, undefined, (signal) =>
      answerToolCall({
        agentId: id,
        itemId: item.id,
        toolCall: item.toolCall,
        response: answer,
        signal,
      }),
    )
    return true
  }

  /** Runs the agent's events: published as they come, kept once the run ends. */
  async #play(
    conversation: Conversation,
    signal: AbortSignal | undefined,
    run: (signal: AbortSignal) => AsyncIterable<ChatEvent>,
  ): Promise<ChatResponseItem[]> {
    const turn = new AbortController()
    const onAbort = () => turn.abort()
    signal?.addEventListener("abort", onAbort, { once: true })
    conversation.turn = turn
    const live = new ItemAccumulator()
    conversation.live = live
    let failure: AdapterError | undefined
    try {
      for await (const event of run(turn.signal)) {
        live.apply(event)
        if (event.type === "run-finished" && event.status === "error") failure = event.error
        const encoded = encodeAgentEvent(event)
        if (encoded) for (const subscriber of conversation.subscribers) subscriber.push(encoded)
      }
    } finally {
      signal?.removeEventListener("abort", onAbort)
      conversation.turn = undefined
      // A turn cleared away while running leaves nothing behind.
      if (conversation.live === live) {
        keepItems(conversation, live.items())
        conversation.live = undefined
      }
    }
    if (failure) throw chatError(failure.code, failure.message, failure.retryable)
    return live.items()
  }

  /** Stops every turn and subscription (the endpoint is closing). */
  closeAll(): void {
    for (const conversation of this.#conversations.values()) {
      conversation.turn?.abort()
      for (const subscriber of conversation.subscribers) subscriber.close()
    }
  }
}

/** A run's items into the conversation: an item seen before (an answered call) replaced. */
function keepItems(conversation: Conversation, items: readonly ChatResponseItem[]): void {
  for (const item of items) {
    const index = conversation.items.findIndex((known) => known.id === item.id)
    if (index === -1) conversation.items.push(item)
    else conversation.items[index] = item
  }
}
