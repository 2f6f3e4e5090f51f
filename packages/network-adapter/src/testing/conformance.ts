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
import { isErrorCode } from "@aichatkit/types"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { NetworkAdapter } from "../network-adapter.js"
import { describeAttachmentCases } from "./attachment-conformance.js"
import { describeAudioCases } from "./audio-conformance.js"
import { expectValidItems, expectValidResponse } from "./conformance-support.js"
import { describeRegenerateCases } from "./regenerate-conformance.js"
import { describeStreamCases } from "./stream-conformance.js"
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

/**
 * Registers the conformance tests for an adapter: start → send → items (and, when
 * streaming, events in a legal order that add up to the response) → history → clear →
 * stop; calls after stop fail clearly; cancel; duplicated events change nothing; with
 * `capabilities.branching`, a turn sent with `options.history` follows that history; with
 * `capabilities.toolApproval`, answers to tool calls (see `tool-conformance.ts`); with
 * `capabilities.audio`, voice messages (see `audio-conformance.ts`); with
 * `capabilities.regenerateLast`, regenerating the last answer (see `regenerate-conformance.ts`).
 */
export function describeAdapterConformance<Adapter extends NetworkAdapter>(
  name: string,
  createAdapter: () => Adapter | Promise<Adapter>,
  options: ConformanceOptions<Adapter> = {},
): void {
  // Over 60 lines: a test suite is its list of cases, read top to bottom (groups of cases are out in *-conformance.ts).
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

    describeStreamCases(current, { message, slowMessage, timeout, streams, cancels })

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

    describeRegenerateCases(current, { message, timeout, requireChatError, streams })
  })
}
