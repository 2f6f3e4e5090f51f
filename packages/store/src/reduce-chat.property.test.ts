import type { ChatEvent } from "@aichatkit/types"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { reduceChat } from "./reduce-chat.js"
import { deepFreeze, invariantViolations } from "./testdata/invariants.js"
import {
  agentId,
  conversationId,
  expectedItems,
  itemStreams,
  normalTurn,
  runId,
  stateWithConversation,
} from "./testdata/recorded.js"
import type { ChatState } from "./types.js"

function reduceCheckingEachState(events: readonly ChatEvent[]): ChatState {
  let state = deepFreeze(stateWithConversation())
  for (const event of events) {
    state = deepFreeze(reduceChat(state, event))
    const problems = invariantViolations(state)
    if (problems.length > 0)
      throw new Error(`${problems.join("; ")} after ${JSON.stringify(event)}`)
  }
  return state
}

const streams = itemStreams()
const eventCount = streams.reduce((sum, stream) => sum + stream.length, 0)

/**
 * A delivery of the normal turn as a flaky wire might make it: items interleaved at random,
 * some deltas before their item-added, and non-delta events arriving again later (replays).
 * What no wire without offsets can repair stays fixed: each item's deltas keep their order and
 * come before its item-done, and the run ends last.
 */
const flakyDelivery = fc
  .record({
    keys: fc.array(fc.nat(), { minLength: eventCount, maxLength: eventCount }),
    addPositions: fc.array(fc.nat(), { minLength: streams.length, maxLength: streams.length }),
    duplicates: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
  })
  .map(({ keys, addPositions, duplicates }) => {
    let next = 0
    const keyed: { key: number; stream: number; event: ChatEvent }[] = []
    streams.forEach((stream, streamIndex) => {
      const [added, ...rest] = stream as [ChatEvent, ...ChatEvent[]]
      const done = rest.pop() as ChatEvent
      const moved = [...rest]
      // Only deltas can come before their item (updates of an unknown item are dropped).
      const canMove = rest.every((event) => event.type === "text-delta")
      const position = canMove ? (addPositions[streamIndex] ?? 0) % (rest.length + 1) : 0
      moved.splice(position, 0, added)
      const ordered = [...moved, done]
      const streamKeys = keys.slice(next, next + ordered.length).sort((a, b) => a - b)
      next += ordered.length
      ordered.forEach((event, index) => {
        keyed.push({ key: streamKeys[index] ?? 0, stream: streamIndex, event })
      })
    })
    keyed.sort((a, b) => a.key - b.key)
    const events: ChatEvent[] = keyed.map((entry) => entry.event)
    for (const [which, where] of duplicates) {
      const entry = keyed[which % keyed.length] as (typeof keyed)[number]
      if (entry.event.type === "text-delta") continue
      const lastOfStream = events.findLastIndex((event) =>
        keyed.some((other) => other.event === event && other.stream === entry.stream),
      )
      const earliest = lastOfStream + 1
      events.splice(earliest + (where % (events.length - earliest + 1)), 0, entry.event)
    }
    const turn = normalTurn()
    return [turn[0] as ChatEvent, ...events, turn.at(-1) as ChatEvent, turn.at(-1) as ChatEvent]
  })

describe("reduceChat properties", () => {
  it("converges to the clean turn's items however a flaky wire delivers it", () => {
    fc.assert(
      fc.property(flakyDelivery, (events) => {
        const conversation = reduceCheckingEachState(events).conversations[conversationId]
        expect(conversation?.items).toEqual(expectedItems())
        expect(new Set(conversation?.itemIds)).toEqual(new Set(Object.keys(expectedItems())))
        expect(conversation?.streamingItemIds).toEqual({})
        expect(conversation?.run).toEqual({ status: "idle", runId })
      }),
      { numRuns: 300 },
    )
  })

  it("keeps every invariant under any permutation and duplication, even of deltas", () => {
    const anyDelivery = fc
      .array(fc.nat({ max: normalTurn().length - 1 }), { maxLength: 60 })
      .chain((extra) =>
        fc.shuffledSubarray([...normalTurn(), ...extra.map((i) => normalTurn()[i] as ChatEvent)]),
      )
    fc.assert(
      fc.property(anyDelivery, (events) => {
        reduceCheckingEachState(events)
      }),
      { numRuns: 300 },
    )
  })

  it("reduces a batch to the same state as one event at a time", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(normalTurn()), (events) => {
        expect(reduceChat(stateWithConversation(), events)).toEqual(reduceCheckingEachState(events))
      }),
      { numRuns: 200 },
    )
  })

  it("reduces a flaky delivery cut into batches to the same state as one event at a time", () => {
    const cutIntoBatches = flakyDelivery.chain((events) =>
      fc
        .uniqueArray(fc.nat({ max: events.length }), { maxLength: 8 })
        .map((cuts) => ({ events, cuts: [...cuts].sort((a, b) => a - b) })),
    )
    fc.assert(
      fc.property(cutIntoBatches, ({ events, cuts }) => {
        let state = stateWithConversation()
        let from = 0
        for (const to of [...cuts, events.length]) {
          state = reduceChat(state, events.slice(from, to))
          from = to
        }
        expect(state).toEqual(reduceCheckingEachState(events))
      }),
      { numRuns: 200 },
    )
  })

  it("ignores every event of an agent it does not know", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(normalTurn()), (events) => {
        const state = stateWithConversation()
        const strangers = events.map((event) => ({ ...event, agentId: `not-${agentId}` }))
        expect(reduceChat(state, strangers)).toBe(state)
      }),
    )
  })
})
