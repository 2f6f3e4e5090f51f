/**
 * Answers to tool calls over GraphQL, against the demo server's endpoint: the app names the
 * mutation in `documents.respondToToolCall`, the agent's next run streams on `agentEvent`.
 */
import { describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ToolCallItem } from "@aichatkit/types"
import { gql } from "@apollo/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { ApolloAdapter } from "./apollo-adapter.js"
import { type DemoGraphql, startDemo } from "./testdata/servers.js"

/** The mutation an app writes for the demo server's schema (the README shows it). */
const RESPOND = gql`
  mutation Respond($agentId: String!, $toolCallId: String!, $response: String!) {
    respondToToolCall(agentId: $agentId, toolCallId: $toolCallId, response: $response)
  }
`

let server: DemoGraphql
beforeAll(async () => {
  server = await startDemo(1)
})
afterAll(() => server.close())

function create(withMutation = true): ApolloAdapter {
  return new ApolloAdapter({
    apiUrl: server.httpUrl,
    subscriptions: { url: server.wsUrl, transport: "graphql-ws", webSocketImpl: WebSocket },
    ...(withMutation ? { documents: { respondToToolCall: { document: RESPOND } } } : {}),
  })
}

describeAdapterConformance("ApolloAdapter with documents.respondToToolCall", () => create(), {
  dispose: (adapter) => adapter.dispose(),
  approvalMessage: "approve",
})

/** Resolves at the next run-finished the adapter emits for the agent. */
function nextRunEnd(adapter: ApolloAdapter, agentId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = adapter.subscribe(agentId, (event) => {
      if (event.type !== "run-finished") return
      stop()
      resolve()
    })
  })
}

describe("ApolloAdapter: answers to tool calls through the app's mutation", () => {
  it("offers answers only with the mutation named (and a subscription)", () => {
    const adapters = [create(), create(false), new ApolloAdapter({ apiUrl: server.httpUrl })]
    expect(adapters.map((adapter) => adapter.capabilities.toolApproval)).toEqual([
      true,
      false,
      false,
    ])
    for (const adapter of adapters) adapter.dispose()
  })

  it("approves a call, and the next run streams the tool's result", async () => {
    const adapter = create()
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    const response = await adapter.sendMessage(agentId, "please approve the weather lookup")
    const call = response.items.find((item): item is ToolCallItem => item.type === "tool_call")
    expect(call?.toolCall.status).toBe("awaiting-approval")
    expect(events).toContainEqual(
      expect.objectContaining({ type: "tool-response-requested", awaiting: "approval" }),
    )
    const ended = nextRunEnd(adapter, agentId)
    await adapter.respondToToolCall(agentId, call?.toolCall.id ?? "", { approved: true })
    await ended
    const updated = events.findLast(
      (event) => event.type === "item-added" && event.item.id === call?.id,
    )
    expect(updated).toMatchObject({
      item: { toolCall: { status: "completed", approval: { approved: true } } },
    })
    const items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).toMatchObject({
      type: "message",
      content: expect.stringContaining("Oslo"),
    })
    adapter.dispose()
  })

  it("sends a browser tool's output, and refuses a second answer and an unknown call", async () => {
    const adapter = create()
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "my location?")
    const call = response.items.find((item): item is ToolCallItem => item.type === "tool_call")
    const ended = nextRunEnd(adapter, agentId)
    await adapter.respondToToolCall(agentId, call?.toolCall.id ?? "", {
      output: { city: "Bergen" },
    })
    await ended
    const items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).toMatchObject({ content: "Your browser says you are in **Bergen**." })
    await expect(
      adapter.respondToToolCall(agentId, call?.toolCall.id ?? "", { output: "again" }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
    await expect(
      adapter.respondToToolCall(agentId, "no-such-call", { output: 1 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" })
    adapter.dispose()
  })

  it("sends no answer when its signal aborted first (Stop), and the call still waits", async () => {
    const adapter = create()
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "please approve the weather lookup")
    const call = response.items.find((item): item is ToolCallItem => item.type === "tool_call")
    const id = call?.toolCall.id ?? ""
    await expect(
      adapter.respondToToolCall(agentId, id, { approved: true }, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: "CANCELLED" })
    const ended = nextRunEnd(adapter, agentId)
    await adapter.respondToToolCall(agentId, id, { approved: true })
    await ended
    const items = await adapter.getConversationItems(agentId)
    expect(items.at(-1)).toMatchObject({ content: expect.stringContaining("Oslo") })
    adapter.dispose()
  })
})
