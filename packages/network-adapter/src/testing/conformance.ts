// Over 300 lines, one 220-line describe: a test suite is its list of cases, read top to bottom.
/**
 * The adapter conformance suite: the behaviour every `NetworkAdapter` owes its callers,
 * as vitest tests an adapter package registers in its own test file:
 *
 * ```ts
 * import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
 *
 * describeAdapterConformance("MyAdapter", async () => new MyAdapter({ url: server.url }), {
 *   dispose: (adapter) => adapter.close(),
 * })
 * ```
 */
import {
  type ChatEvent,
  type ChatResponse,
  chatResponseItemProblem,
  isErrorCode,
  toAdapterError,
} from "@aichatkit/types"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { foldEvents } from "../item-fold.js"
import type { NetworkAdapter } from "../network-adapter.js"
import { describeAttachmentCases } from "./attachment-conformance.js"
import { describeAudioCases } from "./audio-conformance.js"
import { checkEventOrder } from "./event-order.js"
import { describeToolAnswerCases } from "./tool-conformance.js"

/** Options of {@link describeAdapterConformance}. */
export interface ConformanceOptions<Adapter extends NetworkAdapter = NetworkAdapter> {
  /** Whether the adapter streams events; default `adapter.capabilities.streaming`. */
  streaming?: boolean
  /** Whether aborting `signal` cancels a run; default `adapter.capabilities.cancel`. */
  cancel?: boolean
  /**
   * Whether the adapter sends voice messages to this server; default
   * `adapter.capabilities.audio` (false for a server that takes no audio frames).
   */
  audio?: boolean
  /** A message the agent answers normally. Default "hello". */
  message?: string
  /** A message the agent answers slowly enough to cancel half-way. Default "slow". */
  slowMessage?: string
  /** Time limit of each test, in ms. Default 20,000. */
  timeoutMs?: number
  /**
   * Whether calls after `stopChatAgent` must reject with a `ChatError`-like error coded
   * `AGENT_NOT_RUNNING` or `NOT_FOUND`. Default true; a seed-era adapter that only rejects
   * (with whatever its transport throws) sets it false.
   */
  requireChatError?: boolean
  /**
   * A message that makes the agent call a tool that asks for approval, for the approval case
   * (skipped without it, and for adapters without `capabilities.toolApproval`).
   */
  approvalMessage?: string
  /** Frees what `createAdapter` made (sockets, servers) after each test. */
  dispose?: (adapter: Adapter) => void | Promise<void>
}

/** How long to keep listening after a call settled, to catch events that should not come. */
const QUIET_PERIOD_MS = 100

/**
 * Registers the conformance tests for an adapter: start → send → items (and, when
 * streaming, events in a legal order that add up to the response) → history → clear →
 * stop; calls after stop fail clearly; cancel; duplicated events change nothing; with
 * `capabilities.branching`, a turn sent with `options.history` follows that history; with
 * `capabilities.toolApproval`, answers to tool calls (see `tool-conformance.ts`); with
 * `capabilities.audio`, voice messages (see `audio-conformance.ts`).
 */
export function describeAdapterConformance<Adapter extends NetworkAdapter>(
  name: string,
  createAdapter: () => Adapter | Promise<Adapter>,
  options: ConformanceOptions<Adapter> = {},
): void {
  const message = options.message ?? "hello"
  const slowMessage = options.slowMessage ?? "slow"
  const timeout = options.timeoutMs ?? 20_000
  const requireChatError = options.requireChatError ?? true

  describe(`${name} conforms to NetworkAdapter`, () => {
    let adapter: Adapter | undefined
    const current = (): Adapter => {
      if (!adapter) throw new Error("createAdapter did not produce an adapter")
      return adapter
    }
    const streams = () => options.streaming ?? current().capabilities.streaming
    const cancels = () => options.cancel ?? current().capabilities.cancel

    beforeEach(async () => {
      adapter = await createAdapter()
    })
    afterEach(async () => {
      if (adapter) await options.dispose?.(adapter)
      adapter = undefined
    })

    it(
      "starts an agent, answers with valid items, lists them, clears and stops",
      async () => {
        const agentId = await current().startChatAgent()
        expect(
          typeof agentId === "string" && agentId.length > 0,
          "agent id is a non-empty string",
        ).toBe(true)

        const response = await current().sendMessage(agentId, message)
        expectValidResponse(response)

        const items = await current().getConversationItems(agentId)
        expectValidItems(items, "getConversationItems")
        for (const item of response.items) {
          expect(
            items.find((stored) => stored.id === item.id),
            `getConversationItems holds response item ${item.id}`,
          ).toEqual(item)
        }

        const history = await current().getConversationHistory(agentId)
        expect(history, "getConversationHistory is the messages of the items").toEqual(
          items.flatMap((item) =>
            item.type === "message"
              ? [{ id: item.id, content: item.content, role: item.role, timestamp: item.timestamp }]
              : [],
          ),
        )

        await current().clearConversationHistory(agentId)
        expect(await current().getConversationItems(agentId), "items after clear").toEqual([])
        expect(await current().getConversationHistory(agentId), "history after clear").toEqual([])

        await current().stopChatAgent(agentId)
      },
      timeout,
    )

    it(
      "rejects calls for a stopped agent with a clear error",
      async () => {
        const agentId = await current().startChatAgent()
        await current().stopChatAgent(agentId)
        const calls: Array<[string, () => Promise<unknown>]> = [
          ["sendMessage", () => current().sendMessage(agentId, message)],
          ["getConversationItems", () => current().getConversationItems(agentId)],
          ["getConversationHistory", () => current().getConversationHistory(agentId)],
        ]
        for (const [call, run] of calls) {
          const error = await run().then(
            () => undefined,
            (reason: unknown) => reason ?? new Error("rejected without a reason"),
          )
          expect(error, `${call} after stopChatAgent rejects`).toBeDefined()
          if (!requireChatError) continue
          const { code, message: text } = error as { code?: unknown; message?: unknown }
          expect(isErrorCode(code) ? code : String(code), `${call} after stop: code`).toMatch(
            /^(AGENT_NOT_RUNNING|NOT_FOUND)$/,
          )
          expect(typeof text === "string" && text.length > 10, `${call}: a readable message`).toBe(
            true,
          )
        }
      },
      timeout,
    )

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
      "with capabilities.branching, a turn sent with a history follows it (else skipped)",
      async (context) => {
        if (current().capabilities.branching !== true) return context.skip()
        const agentId = await current().startChatAgent()
        const first = await current().sendMessage(agentId, message)
        const history = await current().getConversationItems(agentId)
        const dropped = await current().sendMessage(agentId, message)
        const branch = await current().sendMessage(agentId, message, { history })
        const items = await current().getConversationItems(agentId)
        expect(items.slice(0, history.length), "the chosen history comes first").toEqual(history)
        const ids = new Set(items.map((item) => item.id))
        for (const item of dropped.items) {
          expect(ids.has(item.id), `the turn left on the other branch (${item.id})`).toBe(false)
        }
        for (const item of [...first.items, ...branch.items]) {
          expect(ids.has(item.id), `the branch holds ${item.id}`).toBe(true)
        }
      },
      timeout,
    )

    describeAttachmentCases(current, { message, timeout })

    describeAudioCases(current, {
      timeout,
      audio: () => options.audio ?? current().capabilities.audio === true,
    })

    describeToolAnswerCases(current, {
      message,
      approvalMessage: options.approvalMessage,
      timeout,
      requireChatError,
    })

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
  })
}

function expectValidItems(items: unknown, source: string): void {
  expect(Array.isArray(items), `${source} gives an array`).toBe(true)
  ;(items as unknown[]).forEach((item, index) => {
    expect(chatResponseItemProblem(item), `${source} item ${index}`).toBeUndefined()
  })
}

function expectValidResponse(response: ChatResponse): void {
  expect(typeof response?.conversationId, "response.conversationId").toBe("string")
  expectValidItems(response.items, "response.items")
  expect(response.items.length, "the response has items").toBeGreaterThan(0)
}

/** Whether an event belongs to an agent's run (not a connection change or adapter-wide error). */
function isRunEvent(event: ChatEvent): boolean {
  return "agentId" in event && event.agentId !== undefined
}

/** Keeps the events of one agent, in the order a listener saw them. */
function record(adapter: NetworkAdapter, agentId: string): { list(): ChatEvent[] } {
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => {
    events.push(event)
  })
  return { list: () => [...events] }
}

function quietPeriod(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS))
}
