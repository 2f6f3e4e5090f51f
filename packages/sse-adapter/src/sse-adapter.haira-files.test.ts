/**
 * Files on the Haira wire (`tool_render` image / file components): the demo server's chart, a
 * hostile server's script URLs, pages, marked-up names and a 50 MB image, and the user's own
 * files read back from the demo server's stored chat; all over real sockets on 127.0.0.1.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { createDemoServer, type DemoServer } from "@aichatkit/demo-server"
import { CHART_NAME, chartSvg } from "@aichatkit/testing"
import type { ChatEvent, MessageItem } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { hairaDialect } from "./dialects/haira.js"
import { SSEAdapter } from "./sse-adapter.js"

let demo: DemoServer
let hostile: Server
let hostileUrl: string
/** What the hostile server answers to the next message: the SSE body. */
const hostileBodies = new Map<string, string>()

const render = (props: unknown) =>
  `event: tool_render\ndata: ${JSON.stringify({ tool: "chart", component: "image", props })}\n\n`
const delta = (text: string) => `event: delta\ndata: ${JSON.stringify({ delta: text })}\n\n`
const png =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="

beforeAll(async () => {
  demo = await createDemoServer({ tokenDelayMs: 1 })
  hostile = createServer((request, response) => {
    let body = ""
    request.on("data", (chunk) => {
      body += chunk
    })
    request.on("end", () => {
      const message = String(JSON.parse(body).message)
      response.writeHead(200, { "Content-Type": "text/event-stream" })
      response.end(`${hostileBodies.get(message) ?? ""}event: done\ndata: [DONE]\n\n`)
    })
  })
  await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve))
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/chat`
})

afterAll(async () => {
  await demo.close()
  hostile.closeAllConnections()
  await new Promise((resolve) => hostile.close(resolve))
})

async function turn(url: string, message: string) {
  const adapter = new SSEAdapter({ url })
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  const response = await adapter.sendMessage(agentId, message)
  const errors = events.flatMap((event) => (event.type === "error" ? [event.error.message] : []))
  return { items: response.items as MessageItem[], errors, events }
}

describe("SSEAdapter: files the agent sends over Haira", () => {
  it("shows the demo agent's chart as an image on its own message after the intro", async () => {
    const { items, errors } = await turn(`${demo.url}/chat`, "draw me a chart")
    expect(errors).toEqual([])
    expect(items).toHaveLength(2)
    expect(items[1]).toMatchObject({
      type: "message",
      role: "assistant",
      content: "",
      attachments: [{ name: CHART_NAME, mediaType: "image/svg+xml", size: chartSvg().length }],
    })
    const url = items[1]?.attachments?.[0]?.url ?? ""
    expect(atob(url.slice("data:image/svg+xml;base64,".length))).toBe(chartSvg())
  })

  it("keeps the chart in the stored chat the history reads back", async () => {
    const adapter = new SSEAdapter({
      url: `${demo.url}/chat`,
      historyUrl: `${demo.url}/_api/chats`,
    })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "a chart please")
    const history = await adapter.getConversationItems(agentId)
    expect(history.at(-1)).toMatchObject({
      type: "message",
      attachments: [{ name: CHART_NAME, mediaType: "image/svg+xml" }],
    })
  })

  it("reads the user's files back from the stored chat, as items and as Haira messages", async () => {
    // The playground's upload: the bytes go to the demo server's /uploads, the link in the body.
    const upload = async (file: { name: string; mediaType: string }) => {
      const stored = await fetch(`${demo.url}/uploads?name=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "Content-Type": file.mediaType },
        body: "bytes",
      })
      return ((await stored.json()) as { url: string }).url
    }
    const adapter = new SSEAdapter({
      url: `${demo.url}/chat`,
      historyUrl: `${demo.url}/_api/chats`,
      upload,
    })
    const agentId = await adapter.startChatAgent()
    const picture = { name: "red-square.png", mediaType: "image/png", data: png }
    const linked = { name: "plan.pdf", mediaType: "application/pdf", url: `${demo.url}/plan.pdf` }
    await adapter.sendMessage(agentId, "look", { attachments: [picture, linked] })
    const sent = [
      { name: "red-square.png", mediaType: "image/png", url: expect.stringContaining("/uploads/") },
      { name: "plan.pdf", mediaType: "application/pdf", url: linked.url },
    ]
    const history = await adapter.getConversationItems(agentId)
    expect(history[0]).toMatchObject({ role: "user", content: "look", attachments: sent })
    // A Haira server that stores only `messages`: the files come back on the user's side.
    const stored = await fetch(`${demo.url}/_api/chats/${encodeURIComponent(agentId)}`)
    const { messages } = (await stored.json()) as { messages: unknown[] }
    const fromMessages = hairaDialect.decodeHistory?.({ messages }, { sessionId: agentId }) ?? []
    const userFiles = fromMessages.filter(
      (item): item is MessageItem => item.type === "message" && item.role === "user",
    )
    expect(userFiles.flatMap((item) => item.attachments ?? [])).toMatchObject(sent)
  })

  it.each([
    ["a javascript: URL", { src: "javascript:alert(document.cookie)", alt: "x" }, /runs a script/],
    [
      "a data:text/html URL",
      { src: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" },
      /not an image/,
    ],
  ])("refuses %s with an error event and keeps nothing of it", async (name, props, message) => {
    hostileBodies.set(name, `${delta("Before.")}${render(props)}${delta(" After.")}`)
    const { items, errors } = await turn(hostileUrl, name)
    expect(errors).toEqual([expect.stringMatching(message)])
    expect(items).toEqual([expect.objectContaining({ type: "message", content: "Before. After." })])
    expect(items[0]).not.toHaveProperty("attachments")
  })

  it("keeps a file name with markup as plain text", async () => {
    const name = '<img src=x onerror="alert(1)"><b>chart</b>.png'
    hostileBodies.set("markup", render({ src: `data:image/png;base64,${png}`, name }))
    const { items, errors } = await turn(hostileUrl, "markup")
    expect(errors).toEqual([])
    expect(items[0]?.attachments).toEqual([
      expect.objectContaining({ name, mediaType: "image/png" }),
    ])
  })

  it("refuses a 50 MB base64 image: the turn fails with PAYLOAD_TOO_LARGE, no file is kept", async () => {
    const huge = render({ data: "A".repeat(50 * 1024 * 1024), media_type: "image/png" })
    hostileBodies.set("huge", `${delta("Before.")}${huge}`)
    const adapter = new SSEAdapter({ url: hostileUrl })
    const agentId = await adapter.startChatAgent()
    const events: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => events.push(event))
    await expect(adapter.sendMessage(agentId, "huge")).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/larger than 8388608 bytes \(maxEventBytes\)/),
    })
    hostileBodies.delete("huge")
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "error",
        error: expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }),
      }),
    )
    const added = events.flatMap((event) => (event.type === "item-added" ? [event.item] : []))
    expect(added).toEqual([expect.objectContaining({ content: "" })])
    expect(added[0]).not.toHaveProperty("attachments")
  })
})
