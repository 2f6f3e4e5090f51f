/**
 * The conformance cases of answers to tool calls (`respondToToolCall`), registered inside
 * `describeAdapterConformance`'s describe: an adapter with `capabilities.toolApproval` refuses
 * an answer to a call that does not exist, and, given a message that makes its agent ask for
 * approval, shows the call waiting and goes on once it is approved.
 */
import { ChatError, type ChatEvent, type ToolCallItem, toAdapterError } from "@aichatkit/types"
import { expect, it, type TestContext } from "vitest"
import type { NetworkAdapter } from "../network-adapter.js"
import { nextEvent } from "./conformance-support.js"
import { checkEventOrder } from "./event-order.js"

export interface ToolAnswerCaseOptions {
  message: string
  /** A message that makes the agent call a tool that asks for approval; without it that case is skipped. */
  approvalMessage?: string | undefined
  timeout: number
  requireChatError: boolean
}

/** How long to keep listening after a refused answer, to catch events that should not come. */
const QUIET_PERIOD_MS = 100

export function describeToolAnswerCases(
  current: () => NetworkAdapter,
  options: ToolAnswerCaseOptions,
): void {
  const { timeout } = options

  it(
    "with capabilities.toolApproval, an answer to an unknown tool call is refused with NOT_FOUND and changes nothing (else skipped)",
    (context) => refusesUnknownToolCall(context, current(), options),
    timeout,
  )

  it(
    "with capabilities.toolApproval and an approval message, a call waits for approval and goes on once approved (else skipped)",
    (context) => goesOnOnceApproved(context, current(), options),
    timeout,
  )
}

/** A refused answer (an unknown call): NOT_FOUND, no events, the items unchanged. */
async function refusesUnknownToolCall(
  context: TestContext,
  adapter: NetworkAdapter,
  options: ToolAnswerCaseOptions,
): Promise<void> {
  const { message } = options
  if (adapter.capabilities.toolApproval !== true) return context.skip()
  expect(typeof adapter.respondToToolCall, "respondToToolCall is implemented").toBe("function")
  const agentId = await adapter.startChatAgent()
  await adapter.sendMessage(agentId, message)
  const before = await adapter.getConversationItems(agentId)
  const events: ChatEvent[] = []
  const stop = adapter.subscribe(agentId, (event) => events.push(event))
  const error = await adapter
    .respondToToolCall?.(agentId, "no-such-tool-call", { output: "late" })
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
  expect(error, "the answer is refused").toBeDefined()
  if (options.requireChatError) expect(error).toBeInstanceOf(ChatError)
  expect(toAdapterError(error).code, "the refusal's code").toBe("NOT_FOUND")
  await new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS))
  stop()
  expect(events, "events after a refused answer").toEqual([])
  expect(await adapter.getConversationItems(agentId), "items after a refused answer").toEqual(
    before,
  )
}

/** An approval: the call waits, the answer is taken, the next run is in order and settles it. */
async function goesOnOnceApproved(
  context: TestContext,
  adapter: NetworkAdapter,
  options: ToolAnswerCaseOptions,
): Promise<void> {
  const approvalMessage = options.approvalMessage
  if (adapter.capabilities.toolApproval !== true || approvalMessage === undefined)
    return context.skip()
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  const response = await adapter.sendMessage(agentId, approvalMessage)
  const waiting = response.items.find(
    (item): item is ToolCallItem =>
      item.type === "tool_call" && item.toolCall.status === "awaiting-approval",
  )
  expect(waiting, "a tool call awaiting-approval in the response").toBeDefined()
  expect(events, "the request event").toContainEqual(
    expect.objectContaining({
      type: "tool-response-requested",
      itemId: waiting?.id,
      awaiting: "approval",
    }),
  )
  const asked = events.length
  const followed = nextEvent(adapter, agentId, "run-finished")
  await adapter.respondToToolCall?.(agentId, waiting?.toolCall.id ?? "", { approved: true })
  await followed
  expect(checkEventOrder(events.slice(asked)), "the next run's event order").toEqual([])
  const items = await adapter.getConversationItems(agentId)
  const call = items.find((item) => item.id === waiting?.id)
  expect(call?.type === "tool_call" && call.toolCall.status, "the call no longer waits").not.toBe(
    "awaiting-approval",
  )
}
