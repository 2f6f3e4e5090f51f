import { checkEventOrder, foldEvents } from "@aichatkit/network-adapter/testing"
import type { ChatEvent } from "@aichatkit/types"
import { chatResponseItemProblem } from "@aichatkit/types"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ItemAccumulator } from "./item-accumulator.js"
import { createScriptedAgent } from "./scripted-agent.js"

const messages = ["hello", "tool", "make it fail", "a card", "an error", "slow"]

/** Plays one turn, aborting after `abortAfter` events when given. */
async function play(seed: number, message: string, abortAfter?: number): Promise<ChatEvent[]> {
  const agent = createScriptedAgent({
    seed,
    tokenDelayMs: 0,
    slowTokenDelayMs: 0,
    now: () => new Date(0),
  })
  const controller = new AbortController()
  const events: ChatEvent[] = []
  for await (const event of agent.respond({ agentId: "a", message, signal: controller.signal })) {
    events.push(event)
    if (events.length === abortAfter) controller.abort()
  }
  return events
}

function accumulate(events: ChatEvent[]) {
  const accumulator = new ItemAccumulator()
  for (const event of events) accumulator.apply(event)
  return accumulator.items()
}

describe("the scripted agent, for any seed and scenario", () => {
  it("streams a legal sequence of valid items that replays to the same result", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.constantFrom(...messages), async (seed, message) => {
        const events = await play(seed, message)
        expect(checkEventOrder(events)).toEqual([])
        const items = accumulate(events)
        for (const item of items) expect(chatResponseItemProblem(item)).toBeUndefined()
        // The package's accumulator and the conformance suite's fold agree.
        expect(foldEvents(events)).toEqual(items)
        expect(accumulate([...events, ...events])).toEqual(items)
      }),
      { numRuns: 30 },
    )
  })

  it("ends legally as cancelled wherever it is aborted", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        fc.constantFrom("hello", "tool", "make it fail", "a card"),
        fc.integer({ min: 1, max: 40 }),
        async (seed, message, abortAfter) => {
          const full = await play(seed, message)
          const events = await play(seed, message, abortAfter)
          expect(checkEventOrder(events)).toEqual([])
          const finished = events.at(-1)
          // An abort after the run already ended changes nothing.
          if (abortAfter >= full.length) expect(events).toEqual(full)
          else expect(finished).toMatchObject({ type: "run-finished", status: "cancelled" })
        },
      ),
      { numRuns: 30 },
    )
  })
})
