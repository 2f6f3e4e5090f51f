/**
 * The conformance cases of a turn's events, registered inside `describeAdapterConformance`'s
 * describe: a legal order that adds up to the response, fresh ids per item and turn, a replay
 * that changes nothing, and a cancel through the turn's signal.
 */
import { type ChatEvent, toAdapterError } from "@aichatkit/types"
import { expect, it } from "vitest"
import { foldEvents } from "../item-fold.js"
import type { NetworkAdapter } from "../network-adapter.js"
import { expectValidResponse, isRunEvent, quietPeriod, record } from "./conformance-support.js"
import { checkEventOrder } from "./event-order.js"

export interface StreamCaseOptions {
  message: string
  slowMessage: string
  timeout: number
  /** Whether the adapter streams events (the option, or its capability). */
  streams: () => boolean
  /** Whether aborting the signal cancels a run (the option, or its capability). */
  cancels: () => boolean
}

export function describeStreamCases(
  current: () => NetworkAdapter,
  options: StreamCaseOptions,
): void {
  // Over 60 lines: four cases, each read top to bottom as the suite's list is.
  const { message, slowMessage, timeout, streams, cancels } = options

  it(
    "emits events in a legal order that add up to the response",
    async () => {
      const agentId = await current().startChatAgent()
      const events = record(current(), agentId)
      const response = await current().sendMessage(agentId, message)
      await quietPeriod()
      if (!streams()) {
        // Streaming is optional, but whatever a non-streaming adapter emits must be legal.
        expect(checkEventOrder(events.list(), { requireFinished: false })).toEqual([])
        return
      }
      const seen = events.list()
      expect(checkEventOrder(seen), "event order problems").toEqual([])
      const ofTheRun = seen.filter(isRunEvent)
      expect(ofTheRun[0]?.type, "the first event of the run").toBe("run-started")
      expect(ofTheRun.at(-1), "the last event of the run").toMatchObject({
        type: "run-finished",
        status: "ok",
      })

      const streamed = new Map(foldEvents(seen).map((item) => [item.id, item]))
      for (const item of response.items) {
        expect(streamed.get(item.id), `response item ${item.id} as the events built it`).toEqual(
          item,
        )
      }
      const answered = new Set(response.items.map((item) => item.id))
      for (const item of streamed.values()) {
        const fromUser = item.type === "message" && item.role === "user"
        if (!fromUser)
          expect(answered.has(item.id), `streamed item ${item.id} is in the response`).toBe(true)
      }
    },
    timeout,
  )

  it(
    "gives every item of a response its own id, and each turn new ones",
    async () => {
      const agentId = await current().startChatAgent()
      const first = await current().sendMessage(agentId, message)
      const second = await current().sendMessage(agentId, message)
      const firstIds = first.items.map((item) => item.id)
      const secondIds = second.items.map((item) => item.id)
      expect(new Set(firstIds).size, "ids within a response are unique").toBe(firstIds.length)
      expect(new Set(secondIds).size, "ids within a response are unique").toBe(secondIds.length)
      expect(
        secondIds.filter((id) => firstIds.includes(id)),
        "ids reused by the second turn",
      ).toEqual([])
      const items = await current().getConversationItems(agentId)
      expect(
        items.map((item) => item.id),
        "both turns are in the conversation",
      ).toEqual(expect.arrayContaining([...firstIds, ...secondIds]))
    },
    timeout,
  )

  it(
    "changes nothing when events are duplicated or the run is replayed",
    async () => {
      const agentId = await current().startChatAgent()
      const events = record(current(), agentId)
      const response = await current().sendMessage(agentId, message)
      await quietPeriod()
      // A non-streaming adapter's response is what a replay would deliver as item-added.
      const seen = streams()
        ? events.list()
        : response.items.map((item): ChatEvent => ({ type: "item-added", agentId, item }))
      const once = foldEvents(seen)
      expect(once.length, "the turn produced items").toBeGreaterThan(0)
      expect(foldEvents([...seen, ...seen]), "the whole run replayed").toEqual(once)
      // Deltas carry no sequence number, so only the idempotent events are doubled in place.
      const doubled = seen.flatMap((event): ChatEvent[] =>
        event.type === "text-delta" ? [event] : [event, event],
      )
      expect(foldEvents(doubled), "every idempotent event twice").toEqual(once)
    },
    timeout,
  )

  it(
    "cancels a running turn when its signal aborts (or, without cancel, still settles)",
    async () => {
      const agentId = await current().startChatAgent()
      const events = record(current(), agentId)
      const controller = new AbortController()
      const stopWatching = current().subscribe(agentId, (event) => {
        if (event.type === "text-delta" || event.type === "item-updated") controller.abort()
      })
      const fallback = setTimeout(() => controller.abort(), 300)
      const outcome = await current()
        .sendMessage(agentId, slowMessage, { signal: controller.signal })
        .then(
          (response) => ({ response }) as const,
          (error: unknown) => ({ error }) as const,
        )
      clearTimeout(fallback)
      stopWatching()
      const settledAt = events.list().length
      await quietPeriod()
      const seen = events.list()

      if (!cancels()) {
        if ("response" in outcome) expectValidResponse(outcome.response)
      } else {
        expect(controller.signal.aborted, "the abort happened before the run ended").toBe(true)
        const finished = seen.find((event) => event.type === "run-finished")
        if ("error" in outcome) {
          expect(toAdapterError(outcome.error).code, "the rejection's code").toBe("CANCELLED")
        } else {
          expect(
            finished,
            `a resolved cancel reports run-finished cancelled (did "${slowMessage}" finish before the abort?)`,
          ).toMatchObject({ status: "cancelled" })
        }
        const late = seen
          .slice(settledAt)
          .filter((event) => event.type === "text-delta" || event.type === "item-added")
        expect(late, "content events after the call settled").toEqual([])
        expect(checkEventOrder(seen, { requireFinished: false }), "event order problems").toEqual(
          [],
        )
        const finishedAt = seen.findIndex((event) => event.type === "run-finished")
        if (finishedAt >= 0) {
          const after = seen.slice(finishedAt + 1).filter(isRunEvent)
          expect(after, "events of the run after run-finished").toEqual([])
        }
      }

      const next = await current().sendMessage(agentId, message)
      expectValidResponse(next)
    },
    timeout,
  )
}
