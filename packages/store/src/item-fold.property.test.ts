/**
 * The adapters' fold (`foldEvents` from @aichatkit/network-adapter) and the store's reducer
 * agree on every event sequence: the items an adapter resolves are exactly the items the store
 * shows. The sequences are drawn from a small pool of ids and runs so that the interesting
 * collisions (early deltas, replays, late events, deltas after item-done, runs ending while
 * items stream, cancelled runs) happen often.
 */
import { foldEvents } from "@aichatkit/network-adapter"
import type { ChatEvent, ChatResponseItem, ToolCallStatus } from "@aichatkit/types"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { reduceChat } from "./reduce-chat.js"
import { agentId, conversationId, stateWithConversation } from "./testdata/recorded.js"

const itemIds = ["m1", "m2", "t1", "k1"] as const
const runIds = ["run-1", "run-2"] as const
const toolStatuses: ToolCallStatus[] = ["pending", "executing", "completed", "error", "cancelled"]

const runIdField = fc.option(fc.constantFrom(...runIds), { nil: undefined })
const text = fc.constantFrom("", "Hel", "lo", "Hello", "Hello!", " world", "Bye")

function withRun<E extends ChatEvent>(event: E, runId: string | undefined): E {
  return runId === undefined ? event : { ...event, runId }
}

/** An item of the id's kind: m* messages, t* tool calls, k* cards. */
const item: fc.Arbitrary<ChatResponseItem> = fc
  .record({
    id: fc.constantFrom(...itemIds),
    content: text,
    role: fc.constantFrom("assistant" as const, "user" as const),
    status: fc.constantFrom(...toolStatuses),
  })
  .map(({ id, content, role, status }): ChatResponseItem => {
    if (id.startsWith("m")) return { id, type: "message", role, content, timestamp: "t0" }
    if (id.startsWith("t"))
      return {
        id,
        type: "tool_call",
        toolCall: { id: `${id}-call`, name: "w", arguments: {}, status },
      }
    return {
      id,
      type: "card",
      card: { id: `${id}-card`, type: "weather", content: { text: content } },
    }
  })

const event: fc.Arbitrary<ChatEvent> = fc.oneof(
  fc
    .tuple(item, runIdField)
    .map(([added, runId]) => withRun({ type: "item-added", agentId, item: added }, runId)),
  fc
    .tuple(fc.constantFrom(...itemIds), text, runIdField)
    .map(([itemId, delta, runId]) =>
      withRun({ type: "text-delta", agentId, itemId, delta }, runId),
    ),
  fc
    .tuple(fc.constantFrom(...itemIds), text, fc.constantFrom(...toolStatuses), runIdField)
    .map(([itemId, content, status, runId]) =>
      withRun(
        {
          type: "item-updated",
          agentId,
          itemId,
          patch: { content, toolCall: { status, result: content }, card: { title: content } },
        },
        runId,
      ),
    ),
  fc
    .tuple(fc.constantFrom(...itemIds), fc.constantFrom("UklGRg==", "AAAA", ""), runIdField)
    .map(([itemId, data, runId]) =>
      withRun(
        { type: "audio-chunk", agentId, itemId, mediaType: "audio/wav", data, durationMs: 100 },
        runId,
      ),
    ),
  fc
    .tuple(fc.constantFrom(...itemIds), runIdField)
    .map(([itemId, runId]) => withRun({ type: "item-done", agentId, itemId }, runId)),
  fc.constantFrom(...runIds).map((runId): ChatEvent => ({ type: "run-started", agentId, runId })),
  fc
    .tuple(
      fc.constantFrom(...runIds),
      fc.constantFrom("ok" as const, "error" as const, "cancelled" as const),
    )
    .map(
      ([runId, status]): ChatEvent =>
        status === "error"
          ? {
              type: "run-finished",
              agentId,
              runId,
              status,
              error: { code: "SERVER_ERROR", message: "failed", retryable: true },
            }
          : { type: "run-finished", agentId, runId, status },
    ),
)

function storeItems(events: readonly ChatEvent[]): ChatResponseItem[] {
  const state = reduceChat(stateWithConversation(), events)
  const conversation = state.conversations[conversationId]
  if (conversation === undefined) throw new Error("the conversation is gone")
  return conversation.itemIds.map((id) => conversation.items[id] as ChatResponseItem)
}

describe("foldEvents and reduceChat", () => {
  it("agree on the items of any event sequence", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        expect(foldEvents(events)).toEqual(storeItems(events))
      }),
      { numRuns: 2000 },
    )
  })

  it("agree event by event, not only at the end", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        for (let end = 1; end <= events.length; end += 1) {
          const prefix = events.slice(0, end)
          expect(foldEvents(prefix)).toEqual(storeItems(prefix))
        }
      }),
      { numRuns: 300 },
    )
  })
})
