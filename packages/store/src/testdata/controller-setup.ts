/** A controller over a TestAdapter, with flushes in sync and helpers to read what the user sees. */
import type { AdapterError, MessageItem } from "@aichatkit/types"
import { expect } from "vitest"
import { createChatController } from "../create-chat-controller.js"
import type { ChatController, ConversationState } from "../types.js"
import { invariantViolations } from "./invariants.js"
import { TestAdapter } from "./test-adapter.js"

export const timestamp = "2026-01-01T00:00:00.000Z"
export const userItem = (id: string, content: string): MessageItem => ({
  id,
  type: "message",
  role: "user",
  content,
  timestamp,
})
export const answerItem = (id: string, content: string): MessageItem => ({
  id,
  type: "message",
  role: "assistant",
  content,
  timestamp,
})

export function setup(adapter = new TestAdapter()) {
  const reported: AdapterError[] = []
  let ids = 0
  const controller = createChatController({
    adapter,
    scheduleFlush: "sync",
    createId: () => `id-${++ids}`,
    now: () => new Date(timestamp),
    onError: (error) => reported.push(error),
  })
  const active = (): ConversationState => {
    const state = controller.store.getState()
    expect(invariantViolations(state)).toEqual([])
    return state.conversations[state.activeConversationId as string] as ConversationState
  }
  const texts = () =>
    active().itemIds.map((id) => {
      const item = active().items[id]
      return item?.type === "message" ? `${item.role}: ${item.content}` : `${item?.type}`
    })
  return { adapter, controller, reported, active, texts }
}

/** A streamed answer to the user's message, as a streaming adapter emits it. */
export function streamAnswer(
  adapter: TestAdapter,
  agentId: string,
  runId: string,
  text: string,
): void {
  adapter.push({ type: "run-started", agentId, runId })
  adapter.push({
    type: "item-added",
    agentId,
    runId,
    item: userItem(`u-${runId}`, adapter.lastSend().message),
  })
  adapter.push({ type: "item-added", agentId, runId, item: answerItem(`a-${runId}`, "") })
  for (const token of text.split(" ")) {
    adapter.push({ type: "text-delta", agentId, runId, itemId: `a-${runId}`, delta: `${token} ` })
  }
  adapter.push({ type: "item-done", agentId, runId, itemId: `a-${runId}` })
  adapter.push({ type: "run-finished", agentId, runId, status: "ok" })
}

/** What a failing run reports: a server's error, which Retry may answer. */
export const runFailure: AdapterError = {
  code: "SERVER_ERROR",
  message: "The agent failed; try again.",
  retryable: true,
}

/** The first bytes of a PNG, for a file sent with a message. */
export const pngBytes = new Uint8Array([137, 80, 78, 71]).buffer

/** The server took the message: the last send resolves, with no items (its run streams them). */
export function acceptSend(adapter: TestAdapter): void {
  const send = adapter.lastSend()
  send.resolve({ conversationId: send.agentId, items: [] })
}

/**
 * Run `runId` of the agent streams half an answer and fails with {@link runFailure};
 * `started` when its run-started was already pushed.
 */
export function failRun(
  adapter: TestAdapter,
  agentId: string,
  runId: string,
  started = false,
): void {
  if (!started) adapter.push({ type: "run-started", agentId, runId })
  adapter.push({ type: "item-added", agentId, runId, item: answerItem(`a-${runId}`, "Half") })
  adapter.push({ type: "error", agentId, runId, error: runFailure })
  adapter.push({ type: "run-finished", agentId, runId, status: "error", error: runFailure })
}

/** Run `runId` of the agent answers `text` in one message, item `a-<runId>`. */
export function answerRun(
  adapter: TestAdapter,
  agentId: string,
  runId: string,
  text: string,
): void {
  adapter.push({ type: "run-started", agentId, runId })
  adapter.push({ type: "item-added", agentId, runId, item: answerItem(`a-${runId}`, text) })
  adapter.push({ type: "item-done", agentId, runId, itemId: `a-${runId}` })
  adapter.push({ type: "run-finished", agentId, runId, status: "ok" })
}

export const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

export async function withConversation(controller: ChatController) {
  await controller.createConversation()
}
