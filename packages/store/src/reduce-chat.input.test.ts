import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { reduceChat } from "./reduce-chat.js"
import { MAX_MESSAGE_TEXT_LENGTH, MAX_PENDING_DELTA_ITEMS } from "./reduce-items.js"
import { deepFreeze } from "./testdata/invariants.js"
import {
  agentId,
  conversationId,
  runId,
  stateWithConversation,
  timestamp,
} from "./testdata/recorded.js"
import { conversationOf, finalState, message } from "./testdata/replay.js"
import type { ChatAction } from "./types.js"

describe("reduceChat with unknown ids and malformed input", () => {
  it.each<[string, unknown]>([
    [
      "an event for an unknown agent",
      { type: "item-added", agentId: "nobody", item: message("x", "hi") },
    ],
    [
      "an update of an unknown item",
      { type: "item-updated", agentId, itemId: "x", patch: { content: "a" } },
    ],
    ["item-done for an unknown item", { type: "item-done", agentId, itemId: "x" }],
    ["an invalid item", { type: "item-added", agentId, item: { id: "x", type: "video" } }],
    ["a delta that is not text", { type: "text-delta", agentId, itemId: "x", delta: 42 }],
    ["null", null],
    ["an unknown action type", { type: "explode" }],
    ["an unknown connection status", { type: "connection-changed", status: "melting" }],
    [
      "a rename of an unknown conversation",
      { type: "conversation-renamed", conversationId: "nope", title: "x" },
    ],
    [
      "a selection of an unknown conversation",
      { type: "conversation-selected", conversationId: "nope" },
    ],
    [
      "a conversation without a title",
      { type: "conversation-created", conversation: { id: "c9", createdAt: timestamp } },
    ],
    [
      "an agent id that is not text",
      { type: "conversation-agent-set", conversationId, agentId: 7 },
    ],
  ])("returns the same state for %s", (_name, action) => {
    const state = deepFreeze(stateWithConversation())
    expect(reduceChat(state, action as ChatAction)).toBe(state)
  })

  it("stops keeping early deltas for unknown items past a limit", () => {
    const junk: ChatEvent[] = Array.from({ length: MAX_PENDING_DELTA_ITEMS + 10 }, (_, index) => ({
      type: "text-delta",
      agentId,
      itemId: `junk-${index}`,
      delta: "x",
    }))
    const state = reduceChat(stateWithConversation(), junk)
    expect(Object.keys(conversationOf(state).pendingDeltas)).toHaveLength(MAX_PENDING_DELTA_ITEMS)
  })

  it("stops a message from growing past the text limit, with an error saying so", () => {
    const huge = "x".repeat(MAX_MESSAGE_TEXT_LENGTH - 10)
    const streaming = finalState([
      { type: "run-started", agentId, runId },
      { type: "item-added", agentId, runId, item: message("m1", "") },
      { type: "text-delta", agentId, runId, itemId: "m1", delta: huge },
    ])
    const refused = reduceChat(streaming, {
      type: "text-delta",
      agentId,
      runId,
      itemId: "m1",
      delta: "y".repeat(11),
    })
    expect(conversationOf(refused).items.m1).toMatchObject({ content: huge })
    expect(conversationOf(refused).lastError).toMatchObject({ code: "PAYLOAD_TOO_LARGE" })
    const again = reduceChat(refused, {
      type: "text-delta",
      agentId,
      runId,
      itemId: "m1",
      delta: "y".repeat(11),
    })
    expect(again).toBe(refused)
  })

  it("keeps a readable error when the server's error is malformed", () => {
    const state = reduceChat(stateWithConversation(), {
      type: "error",
      error: "boom",
    } as unknown as ChatEvent)
    expect(state.lastError).toMatchObject({ code: "PROTOCOL_ERROR" })
  })
})
