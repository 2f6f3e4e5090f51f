/**
 * The conformance cases of regenerating the last answer (`sendMessage(…, { regenerate: true })`),
 * registered inside `describeAdapterConformance`'s describe: an adapter with
 * `capabilities.regenerateLast` refuses it before there is an answer, and otherwise answers the
 * last message again, the old answer gone from the conversation and no second user message.
 */
import { ChatError, type ChatEvent, type ChatResponseItem, toAdapterError } from "@aichatkit/types"
import { expect, it, type TestContext } from "vitest"
import type { NetworkAdapter } from "../network-adapter.js"
import { checkEventOrder } from "./event-order.js"

export interface RegenerateCaseOptions {
  message: string
  timeout: number
  requireChatError: boolean
  streams: () => boolean
}

export function describeRegenerateCases(
  current: () => NetworkAdapter,
  options: RegenerateCaseOptions,
): void {
  const { timeout } = options

  it(
    "with capabilities.regenerateLast, a regeneration before any answer is refused with INVALID_INPUT and changes nothing (else skipped)",
    (context) => refusesWithoutAnswer(context, current(), options),
    timeout,
  )

  it(
    "with capabilities.regenerateLast, { regenerate: true } answers the last message again in place of its answer (else skipped)",
    (context) => answersAgain(context, current(), options),
    timeout,
  )
}

const isUserMessage = (item: ChatResponseItem) => item.type === "message" && item.role === "user"

async function refusesWithoutAnswer(
  context: TestContext,
  adapter: NetworkAdapter,
  options: RegenerateCaseOptions,
): Promise<void> {
  // Started first: an adapter may learn from its server's greeting whether it can regenerate.
  const agentId = await adapter.startChatAgent()
  if (adapter.capabilities.regenerateLast !== true) return context.skip()
  const error = await adapter.sendMessage(agentId, options.message, { regenerate: true }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error, "the regeneration is refused").toBeDefined()
  if (options.requireChatError) expect(error).toBeInstanceOf(ChatError)
  expect(toAdapterError(error).code, "the refusal's code").toBe("INVALID_INPUT")
  expect(await adapter.getConversationItems(agentId), "items after a refusal").toEqual([])
}

async function answersAgain(
  context: TestContext,
  adapter: NetworkAdapter,
  options: RegenerateCaseOptions,
): Promise<void> {
  const agentId = await adapter.startChatAgent()
  if (adapter.capabilities.regenerateLast !== true) return context.skip()
  const { message } = options
  await adapter.sendMessage(agentId, message)
  const before = await adapter.getConversationItems(agentId)
  const events: ChatEvent[] = []
  const stop = adapter.subscribe(agentId, (event) => events.push(event))
  const again = await adapter.sendMessage(agentId, message, { regenerate: true })
  stop()
  expect(again.items.length, "the new answer has items").toBeGreaterThan(0)
  expect(again.items.filter(isUserMessage), "no user message in the new answer").toEqual([])
  if (options.streams()) expect(checkEventOrder(events), "the new answer's events").toEqual([])
  const after = await adapter.getConversationItems(agentId)
  expect(after.filter(isUserMessage), "the user's messages").toEqual(before.filter(isUserMessage))
  const ids = new Set(after.map((item) => item.id))
  for (const item of before) {
    if (isUserMessage(item)) continue
    expect(ids.has(item.id), `the replaced answer's ${item.id} is gone`).toBe(false)
  }
  expect(
    after.slice(-again.items.length).map((item) => item.id),
    "the new answer last",
  ).toEqual(again.items.map((item) => item.id))
}
