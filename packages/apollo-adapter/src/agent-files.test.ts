/**
 * Files the agent sends through GraphQL: inside the items (the Modus contract's `items` is a
 * JSON string of whole items, so a message's `attachments` ride along with no change to the
 * documents). The demo server's chart over HTTP and over a subscription, and a hostile server's
 * script URLs, pages and marked-up names, all on 127.0.0.1.
 */
import { createServer } from "node:http"
import { CHART_NAME, chartSvg } from "@aichatkit/testing"
import type { ChatEvent, MessageItem } from "@aichatkit/types"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { ApolloAdapter } from "./apollo-adapter.js"
import { decodeAgentEvent } from "./decode.js"
import { closeServer, listen, startDemo } from "./testdata/servers.js"

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const png =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
const message = (id: string, attachments: unknown[], content = "") => ({
  id,
  type: "message",
  role: "assistant",
  content,
  timestamp: "2026-01-01T00:00:00.000Z",
  attachments,
})

/** A Modus-style server whose `continueChat` answers the items the query names. */
const hostileItems = new Map<string, unknown[]>()
const hostile = createServer(async (request, response) => {
  let text = ""
  for await (const chunk of request) text += chunk
  const { operationName, variables } = JSON.parse(text)
  const data =
    operationName === "CreateConversation"
      ? { createConversation: "agent-1" }
      : {
          continueChat: {
            items: JSON.stringify(hostileItems.get(variables.query) ?? []),
            conversationId: "agent-1",
          },
        }
  response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data }))
})
let hostileUrl: string
beforeAll(async () => {
  hostileUrl = `${await listen(hostile)}/graphql`
})
afterAll(() => closeServer(hostile))

function expectChart(item: MessageItem | undefined): void {
  expect(item).toMatchObject({
    type: "message",
    role: "assistant",
    content: "",
    attachments: [{ name: CHART_NAME, mediaType: "image/svg+xml", size: chartSvg().length }],
  })
  const url = item?.attachments?.[0]?.url ?? ""
  expect(atob(url.slice(url.indexOf(",") + 1))).toBe(chartSvg())
}

describe("ApolloAdapter: files the agent sends", () => {
  it("shows the demo agent's chart from continueChat's items (HTTP)", async () => {
    const server = await startDemo()
    cleanups.push(() => server.close())
    const adapter = new ApolloAdapter({ apiUrl: server.httpUrl, retryDelayMs: 10 })
    cleanups.push(() => adapter.dispose())
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "draw a chart")
    expectChart(response.items.at(-1) as MessageItem)
  })

  it("streams the chart in over the agentEvent subscription", async () => {
    const server = await startDemo()
    cleanups.push(() => server.close())
    const adapter = new ApolloAdapter({
      apiUrl: server.httpUrl,
      retryDelayMs: 10,
      subscriptions: { url: server.wsUrl, transport: "graphql-ws", webSocketImpl: WebSocket },
    })
    cleanups.push(() => adapter.dispose())
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    await adapter.sendMessage(agentId, "a chart please")
    const added = events.flatMap((event) => (event.type === "item-added" ? [event.item] : []))
    expectChart(added.at(-1) as MessageItem)
  })

  it("leaves out a javascript: and a data:text/html file with errors; the rest stays", async () => {
    hostileItems.set("bad urls", [
      message(
        "m1",
        [
          { id: "a", name: "x", mediaType: "image/png", url: "javascript:alert(1)" },
          { id: "b", name: "y", mediaType: "text/html", url: "data:text/html,<script>1</script>" },
          { id: "c", name: "ok.png", mediaType: "image/png", url: `data:image/png;base64,${png}` },
        ],
        "Files",
      ),
    ])
    const adapter = new ApolloAdapter({ apiUrl: hostileUrl, maxRetries: 0 })
    cleanups.push(() => adapter.dispose())
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    const response = await adapter.sendMessage(agentId, "bad urls")
    const errors = events.flatMap((event) => (event.type === "error" ? [event.error.message] : []))
    expect(errors).toEqual([
      expect.stringMatching(/"x" was left out: its URL runs a script/),
      expect.stringMatching(/"y" was left out: its data: URL is not an image/),
    ])
    const items = response.items as MessageItem[]
    expect(items.filter((item) => item.role === "assistant")).toEqual([
      expect.objectContaining({
        content: "Files",
        attachments: [expect.objectContaining({ id: "c" })],
      }),
    ])
  })

  it("keeps a file name with markup as text", async () => {
    const name = '<img src=x onerror="alert(1)">.png'
    hostileItems.set("markup", [
      message("m2", [
        { id: "a", name, mediaType: "image/png", url: `data:image/png;base64,${png}` },
      ]),
    ])
    const adapter = new ApolloAdapter({ apiUrl: hostileUrl, maxRetries: 0 })
    cleanups.push(() => adapter.dispose())
    const agentId = await adapter.startChatAgent()
    const response = await adapter.sendMessage(agentId, "markup")
    const item = response.items.find((entry) => entry.id === "m2") as MessageItem
    expect(item.attachments?.[0]?.name).toBe(name)
  })

  it("refuses a 50 MB inline image in a streamed item event (over the event size limit)", () => {
    const huge = `data:image/png;base64,${"A".repeat(50 * 1024 * 1024)}`
    const streamed = decodeAgentEvent("agent-1", {
      name: "item",
      data: JSON.stringify({
        runId: "r",
        item: message("m3", [{ id: "a", name: "huge.png", mediaType: "image/png", url: huge }]),
      }),
      timestamp: "T",
    })
    expect(streamed).toEqual([
      expect.objectContaining({
        type: "error",
        error: expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }),
      }),
    ])
  })
})
