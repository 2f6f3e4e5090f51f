import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { reduceChat } from "./reduce-chat.js"
import { invariantViolations } from "./testdata/invariants.js"
import { agentId, runId, stateWithConversation, timestamp } from "./testdata/recorded.js"
import { conversationOf } from "./testdata/replay.js"

/** Keys that a plain object answers for without owning them (or that rewrite its prototype). */
const prototypeNames = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupGetter__",
] as const

const base = { agentId, runId }

function turnOf(ids: readonly string[]): ChatEvent[] {
  return ids.flatMap((id, index): ChatEvent[] => {
    const item: ChatResponseItem =
      index % 2 === 0
        ? { id, type: "message", role: "assistant", content: "", timestamp }
        : {
            id,
            type: "tool_call",
            toolCall: { id, name: id, arguments: {}, status: "pending" },
            timestamp,
          }
    return [
      { ...base, type: "item-added", item },
      ...(item.type === "message"
        ? [{ ...base, type: "text-delta" as const, itemId: id, delta: `text of ${id}` }]
        : [
            {
              ...base,
              type: "item-updated" as const,
              itemId: id,
              patch: { toolCall: { status: "completed" as const } },
            },
          ]),
      { ...base, type: "item-done", itemId: id },
    ]
  })
}

describe("items whose ids are prototype names", () => {
  it("keeps every item, in order, whatever prototype names its id and early deltas use", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...prototypeNames, "plain-1", "plain-2"), {
          minLength: 1,
        }),
        fc.boolean(),
        (ids, deltaFirst) => {
          const events: ChatEvent[] = [{ ...base, type: "run-started" }]
          if (deltaFirst) {
            // A delta before its item is kept aside under the item id until the item comes.
            events.push({ ...base, type: "text-delta", itemId: ids[0]!, delta: "early " })
          }
          events.push(...turnOf(ids), { ...base, type: "run-finished", status: "ok" })
          const state = reduceChat(stateWithConversation(), events)
          const conversation = conversationOf(state)
          expect(conversation.itemIds).toEqual(ids)
          for (const [index, id] of ids.entries()) {
            expect(Object.hasOwn(conversation.items, id)).toBe(true)
            const item = conversation.items[id]
            if (index % 2 === 0) {
              const early = deltaFirst && index === 0 ? "early " : ""
              expect(item).toMatchObject({ type: "message", content: `${early}text of ${id}` })
            } else {
              expect(item).toMatchObject({ type: "tool_call", toolCall: { status: "completed" } })
            }
          }
          expect(Object.keys(conversation.streamingItemIds)).toEqual([])
          expect(invariantViolations(state)).toEqual([])
        },
      ),
    )
  })

  it("removes an item named __proto__ when it is deleted", () => {
    const state = reduceChat(stateWithConversation(), [
      ...turnOf(["__proto__", "constructor"]),
      { type: "item-removed", conversationId: "c1", itemId: "__proto__" },
    ])
    const conversation = conversationOf(state)
    expect(conversation.itemIds).toEqual(["constructor"])
    expect(Object.hasOwn(conversation.items, "__proto__")).toBe(false)
  })
})
