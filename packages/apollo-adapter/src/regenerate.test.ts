/**
 * Regenerating the last answer over GraphQL, against the demo server's endpoint: the app names
 * the mutation in `documents.regenerate`; the new answer streams on `agentEvent` and replaces
 * the old one in the server's conversation.
 */
import { checkEventOrder, describeAdapterConformance } from "@aichatkit/network-adapter/testing"
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { gql } from "@apollo/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { ApolloAdapter } from "./apollo-adapter.js"
import { type DemoGraphql, startDemo } from "./testdata/servers.js"

/** The mutation an app writes for the demo server's schema (the README shows it). */
const REGENERATE = gql`
  mutation Regenerate($id: String!) {
    regenerate(id: $id) {
      items
      conversationId
    }
  }
`

let server: DemoGraphql
beforeAll(async () => {
  server = await startDemo(1)
})
afterAll(() => server.close())

function create(options: { mutation?: boolean; streaming?: boolean } = {}): ApolloAdapter {
  const { mutation = true, streaming = true } = options
  return new ApolloAdapter({
    apiUrl: server.httpUrl,
    ...(streaming
      ? { subscriptions: { url: server.wsUrl, transport: "graphql-ws", webSocketImpl: WebSocket } }
      : {}),
    ...(mutation ? { documents: { regenerate: { document: REGENERATE } } } : {}),
  })
}

describeAdapterConformance("ApolloAdapter with documents.regenerate", () => create(), {
  dispose: (adapter) => adapter.dispose(),
})

const roles = (items: readonly ChatResponseItem[]) =>
  items.map((item) => (item.type === "message" ? item.role : item.type))

describe("ApolloAdapter: regenerate the last answer through the app's mutation", () => {
  it("offers it only with the mutation named", () => {
    const adapters = [create(), create({ streaming: false }), create({ mutation: false })]
    expect(adapters.map((adapter) => adapter.capabilities.regenerateLast)).toEqual([
      true,
      true,
      false,
    ])
    for (const adapter of adapters) adapter.dispose()
  })

  it("streams a new answer to the last message, and the server's conversation holds it in place of the old one", async () => {
    const adapter = create()
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    await adapter.sendMessage(agentId, "hello")
    const first = await adapter.sendMessage(agentId, "tell me a card")
    const from = events.length
    const again = await adapter.sendMessage(agentId, "tell me a card", { regenerate: true })
    const turn = events.slice(from)
    expect(checkEventOrder(turn)).toEqual([])
    expect(turn.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
    expect(again.items.length).toBeGreaterThan(0)
    expect(roles(again.items)).not.toContain("user")
    const oldIds = first.items.map((item) => item.id)
    expect(roles(first.items)).not.toContain("user")
    expect(again.items.some((item) => oldIds.includes(item.id))).toBe(false)
    const history = await adapter.getConversationItems(agentId)
    expect(history.map((item) => item.id).slice(-again.items.length)).toEqual(
      again.items.map((item) => item.id),
    )
    expect(history.some((item) => oldIds.includes(item.id))).toBe(false)
    expect(roles(history).filter((role) => role === "user")).toHaveLength(2)
    adapter.dispose()
  })

  it("refuses with INVALID_INPUT when there is no answer yet, and while one is arriving; nothing is lost", async () => {
    const adapter = create()
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "x", { regenerate: true })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("no answer"),
    })
    await adapter.sendMessage(agentId, "hello")
    const answered = await adapter.getConversationItems(agentId)
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    const abort = new AbortController()
    const running = adapter.sendMessage(agentId, "slow", { signal: abort.signal })
    running.catch(() => undefined)
    await expect.poll(() => events.some((event) => event.type === "text-delta")).toBe(true)
    const other = create()
    await expect(other.sendMessage(agentId, "slow", { regenerate: true })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("still answering"),
    })
    other.dispose()
    abort.abort()
    await expect(running).rejects.toMatchObject({ code: "CANCELLED" })
    const history = await adapter.getConversationItems(agentId)
    expect(history.slice(0, answered.length)).toEqual(answered)
    adapter.dispose()
  })

  it("without the mutation, a regeneration is UNSUPPORTED and nothing is sent", async () => {
    const adapter = create({ mutation: false })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "hello")
    const before = await adapter.getConversationItems(agentId)
    await expect(adapter.sendMessage(agentId, "hello", { regenerate: true })).rejects.toMatchObject(
      { code: "UNSUPPORTED" },
    )
    expect(await adapter.getConversationItems(agentId)).toEqual(before)
    adapter.dispose()
  })
})
