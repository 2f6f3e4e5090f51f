import { ALL_AGENTS } from "@aichatkit/network-adapter"
import { checkEventOrder } from "@aichatkit/network-adapter/testing"
import { ChatError, type ChatEvent, type ToolCallItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { MemoryAdapter } from "./memory-adapter.js"
import {
  APPROVAL_DENIED_SUMMARY,
  BROWSER_TOOL_NAME,
  WEATHER_REPORT,
  weatherSummary,
} from "./script.js"

/** An adapter, its events, and a promise for the next run's end after `from` events. */
function setUp(tokenDelayMs = 0) {
  const adapter = new MemoryAdapter({ tokenDelayMs })
  const events: ChatEvent[] = []
  const waiters: Array<() => void> = []
  adapter.subscribe(ALL_AGENTS, (event) => {
    events.push(event)
    if (event.type === "run-finished") for (const waiter of waiters.splice(0)) waiter()
  })
  const nextRunEnd = () => new Promise<void>((resolve) => waiters.push(resolve))
  return { adapter, events, nextRunEnd }
}

function waitingCall(items: readonly { type: string }[]): ToolCallItem {
  const call = items.find((item): item is ToolCallItem => item.type === "tool_call")
  if (!call) throw new Error("no tool call in the turn")
  return call
}

async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(ChatError)
  return error as ChatError
}

describe("MemoryAdapter: tool calls that wait for the user's side", () => {
  it("says it takes answers", () => {
    expect(new MemoryAdapter().capabilities.toolApproval).toBe(true)
  })

  it("asks to approve the weather call, and runs it once approved", async () => {
    const { adapter, events, nextRunEnd } = setUp()
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "please approve a weather lookup")
    const call = waitingCall(response.items)
    expect(call.toolCall).toMatchObject({ name: "weather", status: "awaiting-approval" })
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "tool-response-requested",
        itemId: call.id,
        awaiting: "approval",
      }),
    )
    const firstRun = events.length
    const ended = nextRunEnd()
    await adapter.respondToToolCall(agentId, call.toolCall.id, { approved: true })
    await ended
    const next = events.slice(firstRun)
    expect(checkEventOrder(next)).toEqual([])
    expect(next.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    const items = await adapter.getConversationItems(agentId)
    expect(items.find((item) => item.id === call.id)).toMatchObject({
      toolCall: { status: "completed", approval: { approved: true }, result: WEATHER_REPORT },
    })
    expect(items.at(-1)).toMatchObject({ type: "message", content: weatherSummary() })
  })

  it("does not run a denied call, and keeps the reason", async () => {
    const { adapter, nextRunEnd } = setUp()
    const agentId = await adapter.startChatAgent()
    const call = waitingCall((await adapter.sendMessage(agentId, "approve")).items)
    const ended = nextRunEnd()
    await adapter.respondToToolCall(agentId, call.toolCall.id, {
      approved: false,
      reason: "not now",
    })
    await ended
    const items = await adapter.getConversationItems(agentId)
    expect(items.find((item) => item.id === call.id)).toMatchObject({
      toolCall: { status: "cancelled", approval: { approved: false, reason: "not now" } },
    })
    expect(items.at(-1)).toMatchObject({ content: APPROVAL_DENIED_SUMMARY })
  })

  it("calls a browser tool and answers with what it returned, or its error", async () => {
    const { adapter, events, nextRunEnd } = setUp()
    const agentId = await adapter.startChatAgent()
    const call = waitingCall((await adapter.sendMessage(agentId, "what is my location?")).items)
    expect(call.toolCall).toMatchObject({ name: BROWSER_TOOL_NAME, status: "pending" })
    expect(events).toContainEqual(
      expect.objectContaining({ type: "tool-response-requested", awaiting: "output" }),
    )
    let ended = nextRunEnd()
    await adapter.respondToToolCall(agentId, call.toolCall.id, { output: { city: "Bergen" } })
    await ended
    let items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).toMatchObject({ content: "Your browser says you are in **Bergen**." })

    const second = waitingCall(
      (await adapter.sendMessage(agentId, "location again")).items.filter(
        (item) => item.type === "tool_call",
      ),
    )
    ended = nextRunEnd()
    await adapter.respondToToolCall(agentId, second.toolCall.id, { error: "permission denied" })
    await ended
    items = await adapter.getConversationItems(agentId)
    expect(items.find((item) => item.id === second.id)).toMatchObject({
      toolCall: { status: "error", error: "permission denied" },
    })
  })

  it("refuses an answer to a call that no longer waits, or to no call, and changes nothing", async () => {
    const { adapter, events, nextRunEnd } = setUp()
    const agentId = await adapter.startChatAgent()
    const call = waitingCall((await adapter.sendMessage(agentId, "approve")).items)
    const ended = nextRunEnd()
    await adapter.respondToToolCall(agentId, call.toolCall.id, { approved: true })
    const again = await rejection(
      adapter.respondToToolCall(agentId, call.toolCall.id, { approved: true }),
    )
    expect(again.code).toBe("INVALID_INPUT")
    await ended
    const before = events.length
    const unknown = await rejection(
      adapter.respondToToolCall(agentId, "no-such-call", { output: 1 }),
    )
    expect(unknown.code).toBe("NOT_FOUND")
    const wrongKind = await rejection(
      adapter.respondToToolCall(agentId, call.toolCall.id, { output: "late" }),
    )
    expect(wrongKind.code).toBe("INVALID_INPUT")
    expect(events.length).toBe(before)
  })

  it("ends the run an answer started as cancelled when the answer's signal aborts", async () => {
    const { adapter, events, nextRunEnd } = setUp(20)
    const agentId = await adapter.startChatAgent()
    const call = waitingCall((await adapter.sendMessage(agentId, "approve")).items)
    const asked = events.length
    const ended = nextRunEnd()
    const stop = new AbortController()
    await adapter.respondToToolCall(
      agentId,
      call.toolCall.id,
      { approved: true },
      { signal: stop.signal },
    )
    stop.abort()
    await ended
    const next = events.slice(asked)
    expect(checkEventOrder(next)).toEqual([])
    expect(next.at(-1)).toMatchObject({ type: "run-finished", status: "cancelled" })
    const items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).not.toMatchObject({ content: weatherSummary() })
    const refused = await rejection(
      adapter.respondToToolCall(
        agentId,
        call.toolCall.id,
        { approved: true },
        { signal: stop.signal },
      ),
    )
    expect(refused.code).toBe("CANCELLED")
  })
})
