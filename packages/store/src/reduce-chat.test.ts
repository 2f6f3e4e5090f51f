import { type ChatEvent, type ChatResponseItem, MAX_MESSAGE_TEXT_LENGTH } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { initialChatState, reduceChat } from "./reduce-chat.js"
import { deepFreeze } from "./testdata/invariants.js"
import {
  agentId,
  answerTokens,
  expectedItems,
  normalTurn,
  runId,
  stateWithConversation,
  timestamp,
} from "./testdata/recorded.js"
import { conversationOf, finalState, message, replay } from "./testdata/replay.js"
import type { ChatState } from "./types.js"

describe("reduceChat over recorded sequences", () => {
  it("builds the turn's items in order from a normal sequence", () => {
    const states = replay(stateWithConversation(), normalTurn())
    const conversation = conversationOf(states.at(-1) as ChatState)
    expect(conversation.items).toEqual(expectedItems())
    expect(conversation.itemIds).toEqual(["m-answer", "t-weather", "k-forecast", "m-summary"])
    expect(conversation.run).toEqual({ status: "idle", runId })
    expect(conversation.streamingItemIds).toEqual({})
    // While the answer streamed, it was marked busy and its text grew token by token.
    const midway = conversationOf(states[4] as ChatState)
    expect(midway.run.status).toBe("streaming")
    expect(midway.streamingItemIds).toEqual({ "m-answer": true })
    expect(midway.items["m-answer"]).toMatchObject({ content: "The weather " })
  })

  it("ignores duplicated events and a whole replay of the finished turn", () => {
    const clean = conversationOf(finalState(normalTurn()))
    const doubled = normalTurn().flatMap((event): ChatEvent[] =>
      event.type === "text-delta" ? [event] : [event, event],
    )
    const afterDoubles = finalState(doubled)
    expect(conversationOf(afterDoubles)).toEqual(clean)
    // Replaying every event after the turn changes nothing at all: the same state object.
    const states = replay(afterDoubles, normalTurn())
    for (const state of states) expect(state).toBe(afterDoubles)
  })

  it("keeps deltas that arrive before their item and applies them when it arrives", () => {
    const events: ChatEvent[] = [
      { type: "run-started", agentId, runId },
      { type: "text-delta", agentId, runId, itemId: "m1", delta: "Hel" },
      { type: "text-delta", agentId, runId, itemId: "m1", delta: "lo" },
    ]
    const early = finalState(events)
    expect(conversationOf(early).pendingDeltas).toEqual({ m1: "Hello" })
    expect(conversationOf(early).itemIds).toEqual([])
    const later = finalState(
      [
        { type: "item-added", agentId, runId, item: message("m1", "") },
        { type: "text-delta", agentId, runId, itemId: "m1", delta: " there" },
      ],
      early,
    )
    expect(conversationOf(later).items.m1).toMatchObject({ content: "Hello there" })
    expect(conversationOf(later).pendingDeltas).toEqual({})
  })

  it("never moves a tool call back from a final status when updates arrive out of order", () => {
    const tool: ChatResponseItem = {
      id: "t1",
      type: "tool_call",
      toolCall: { id: "c1", name: "weather", arguments: {}, status: "pending" },
    }
    const state = finalState([
      { type: "run-started", agentId, runId },
      { type: "item-added", agentId, runId, item: tool },
      {
        type: "item-updated",
        agentId,
        runId,
        itemId: "t1",
        patch: { toolCall: { status: "completed", result: 3 } },
      },
      {
        type: "item-updated",
        agentId,
        runId,
        itemId: "t1",
        patch: { toolCall: { status: "executing", progress: 10 } },
      },
      { type: "item-added", agentId, runId, item: tool },
    ])
    expect(conversationOf(state).items.t1).toMatchObject({
      toolCall: { status: "completed", result: 3 },
    })
  })

  it("keeps a finished run finished when its run-started arrives late", () => {
    const state = finalState([
      { type: "run-finished", agentId, runId, status: "ok" },
      { type: "run-started", agentId, runId },
    ])
    expect(conversationOf(state).run).toEqual({ status: "idle", runId })
  })

  it("ignores the stale end of an older run while a newer one streams", () => {
    const state = finalState([
      { type: "run-started", agentId, runId: "run-2" },
      { type: "run-finished", agentId, runId: "run-1", status: "error" },
    ])
    expect(conversationOf(state).run).toEqual({ status: "streaming", runId: "run-2" })
    expect(conversationOf(state).lastError).toBeUndefined()
  })

  it("does not duplicate or truncate text when the server replays a stream after a reconnect", () => {
    const start: ChatEvent[] = [
      { type: "run-started", agentId, runId },
      { type: "item-added", agentId, runId, item: message("m1", "") },
      ...answerTokens
        .slice(0, 4)
        .map((delta): ChatEvent => ({ type: "text-delta", agentId, runId, itemId: "m1", delta })),
    ]
    const beforeDrop = finalState(start)
    // The reconnected stream starts the item over and sends every token again, then the rest.
    const replayed = finalState(
      [
        { type: "item-added", agentId, runId, item: message("m1", "") },
        ...answerTokens.map(
          (delta): ChatEvent => ({ type: "text-delta", agentId, runId, itemId: "m1", delta }),
        ),
        { type: "item-done", agentId, runId, itemId: "m1" },
        { type: "run-finished", agentId, runId, status: "ok" },
      ],
      beforeDrop,
    )
    expect(conversationOf(replayed).items.m1).toMatchObject({ content: answerTokens.join("") })
    expect(conversationOf(replayed).replayOffsets).toBeUndefined()
  })

  it("applies a batch of one item's deltas as it would apply them one by one", () => {
    const deltas = (texts: readonly string[], itemId = "m1") =>
      texts.map((delta): ChatEvent => ({ type: "text-delta", agentId, runId, itemId, delta }))
    const started = finalState([
      { type: "run-started", agentId, runId },
      { type: "item-added", agentId, runId, item: message("m1", "") },
    ])
    const streamedSome = finalState(deltas(answerTokens.slice(0, 4)), started)
    // The reconnected stream starts the item over: its first deltas repeat what streamed.
    const replaying = finalState(
      [{ type: "item-added", agentId, runId, item: message("m1", "") }],
      streamedSome,
    )
    const nearlyFull = finalState(deltas(["x".repeat(MAX_MESSAGE_TEXT_LENGTH - 3)]), started)
    const cases: [string, ChatState, ChatEvent[]][] = [
      ["streaming", started, deltas(answerTokens)],
      ["replaying, then new text", replaying, deltas(answerTokens)],
      ["replaying, then diverging", replaying, deltas(["Something ", "else ", "entirely."])],
      ["past the text limit", nearlyFull, deltas(["ab", "cd", "ef"])],
      ["before the item", stateWithConversation(), deltas(["early ", "words"], "m2")],
      ["with empty and odd deltas", started, [...deltas(["a", "", "b"]), ...deltas(["c"])]],
    ]
    for (const [name, start, batch] of cases) {
      expect(reduceChat(start, batch), name).toEqual(finalState(batch, start))
    }
  })

  it("merges an item-added snapshot that is shorter than what streamed without truncating", () => {
    const state = finalState([
      { type: "run-started", agentId, runId },
      { type: "item-added", agentId, runId, item: message("m1", "") },
      { type: "text-delta", agentId, runId, itemId: "m1", delta: "Hello world" },
      { type: "item-done", agentId, runId, itemId: "m1" },
      {
        type: "item-added",
        agentId,
        runId,
        item: { ...message("m1", "Hello"), timestamp: "2026-01-02T00:00:00.000Z" },
      },
    ])
    expect(conversationOf(state).items.m1).toEqual({
      ...message("m1", "Hello world"),
      timestamp: "2026-01-02T00:00:00.000Z",
    })
  })

  it("ends an error run with its error and closes the items still streaming", () => {
    const error = {
      code: "SERVER_ERROR",
      message: "The agent crashed; try again.",
      retryable: true,
    } as const
    const state = finalState([
      { type: "run-started", agentId, runId },
      { type: "item-added", agentId, runId, item: message("m1", "Par") },
      { type: "error", agentId, runId, error },
      { type: "run-finished", agentId, runId, status: "error", error },
    ])
    expect(conversationOf(state).run).toEqual({ status: "error", runId })
    expect(conversationOf(state).lastError).toEqual(error)
    expect(conversationOf(state).streamingItemIds).toEqual({})
  })

  it("marks open tool calls cancelled when the run is cancelled", () => {
    const state = finalState([
      { type: "run-started", agentId, runId },
      {
        type: "item-added",
        agentId,
        runId,
        item: {
          id: "t1",
          type: "tool_call",
          toolCall: { id: "c", name: "slow", arguments: {}, status: "executing" },
        },
      },
      { type: "run-finished", agentId, runId, status: "cancelled" },
      { type: "item-updated", agentId, runId, itemId: "t1", patch: { toolCall: { progress: 90 } } },
    ])
    expect(conversationOf(state).run.status).toBe("cancelled")
    expect(conversationOf(state).items.t1).toMatchObject({ toolCall: { status: "cancelled" } })
    expect(conversationOf(state).items.t1).not.toMatchObject({ toolCall: { progress: 90 } })
  })
})

describe("reduceChat structural sharing", () => {
  const events = normalTurn().slice(0, 4)

  it("replaces only the changed item and conversation on a delta", () => {
    const other = reduceChat(stateWithConversation(), {
      type: "conversation-created",
      conversation: { id: "c2", title: "Other", createdAt: timestamp, agentId: "agent-2" },
    })
    const before = finalState(events, other)
    const after = reduceChat(before, {
      type: "text-delta",
      agentId,
      runId,
      itemId: "m-answer",
      delta: "!",
    })
    const [conversationBefore, conversationAfter] = [conversationOf(before), conversationOf(after)]
    expect(conversationAfter).not.toBe(conversationBefore)
    expect(after.conversations.c2).toBe(before.conversations.c2)
    expect(conversationAfter.itemIds).toBe(conversationBefore.itemIds)
    expect(conversationAfter.streamingItemIds).toBe(conversationBefore.streamingItemIds)
    expect(conversationAfter.items["m-answer"]).not.toBe(conversationBefore.items["m-answer"])
    expect(after.conversationOrder).toBe(before.conversationOrder)
    expect(after.connection).toBe(before.connection)
  })

  it("keeps the identity of every item a later event does not touch", () => {
    const states = replay(stateWithConversation(), normalTurn())
    const final = conversationOf(states.at(-1) as ChatState)
    const afterCard = states.find((state) => conversationOf(state).items["k-forecast"]) as ChatState
    expect(final.items["k-forecast"]).toBe(conversationOf(afterCard).items["k-forecast"])
  })

  it("gives the same result for a batch as for one action at a time, without touching its input", () => {
    const start = deepFreeze(stateWithConversation())
    const batched = reduceChat(start, normalTurn())
    expect(batched).toEqual(finalState(normalTurn()))
    expect(start).toEqual(stateWithConversation())
  })

  it("returns the same state when a connection change repeats", () => {
    const open = reduceChat(initialChatState, { type: "connection-changed", status: "open" })
    expect(open.connection).toEqual({ status: "open" })
    expect(reduceChat(open, { type: "connection-changed", status: "open" })).toBe(open)
  })
})
