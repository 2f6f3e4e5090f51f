/**
 * Files both ways against a real AI SDK server: the adapter's request goes through the AI
 * SDK's own `validateUIMessages` and `convertToModelMessages` into `streamText`, whose mock
 * model (`ai/test`) records the image it receives and answers with a generated image of its
 * own, which `toUIMessageStreamResponse()` sends as a `file` chunk.
 */
import { createServer, type Server } from "node:http"
import type { MessageItem } from "@aichatkit/types"
import { convertToModelMessages, simulateReadableStream, streamText, validateUIMessages } from "ai"
import { MockLanguageModelV3 } from "ai/test"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SSEAdapter } from "./sse-adapter.js"
import { closeLocally, listenLocally } from "./testdata/local-server.js"

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
}
/** A 1×1 PNG, the image the user sends. */
const pixel =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
/** What the model answers with: a "chart" it generated. */
const chart = "R0lGODlhAQABAAAAACw="

let server: Server
let url: string
/** The prompts the mock model received, one per turn. */
const prompts: Parameters<MockLanguageModelV3["doStream"]>[0]["prompt"][] = []

function model() {
  return new MockLanguageModelV3({
    doStream: async (options) => {
      prompts.push(options.prompt)
      return {
        stream: simulateReadableStream({
          chunks: [
            { type: "stream-start", warnings: [] },
            { type: "text-start", id: "t1" },
            { type: "text-delta", id: "t1", delta: "Here is your chart." },
            { type: "text-end", id: "t1" },
            { type: "file", mediaType: "image/gif", data: chart },
            { type: "finish", usage, finishReason: { unified: "stop", raw: undefined } },
          ],
        }),
      }
    },
  })
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let text = ""
    for await (const chunk of request) text += chunk
    const body = JSON.parse(text) as { messages: unknown[] }
    const messages = await validateUIMessages({ messages: body.messages })
    const result = streamText({ model: model(), messages: await convertToModelMessages(messages) })
    const web = result.toUIMessageStreamResponse()
    response.writeHead(web.status, Object.fromEntries(web.headers))
    for await (const chunk of web.body as ReadableStream<Uint8Array>) response.write(chunk)
    response.end()
  })
  url = await listenLocally(server, "/api/chat")
})

afterAll(() => closeLocally(server))

describe("SSEAdapter files against a real AI SDK server", () => {
  it("says it can send files", () => {
    expect(new SSEAdapter({ url, dialect: "ai-sdk" }).capabilities.attachments).toBe(true)
    expect(new SSEAdapter({ url, dialect: "haira" }).capabilities.attachments).toBe(false)
  })

  it("sends an image the model receives, and shows the image the model sends back", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ai-sdk" })
    const agentId = await adapter.startChatAgent()
    const bytes = Uint8Array.from(atob(pixel), (character) => character.charCodeAt(0))
    const response = await adapter.sendMessage(agentId, "What is in this picture?", {
      attachments: [
        {
          name: "pixel.png",
          mediaType: "image/png",
          data: new Blob([bytes], { type: "image/png" }),
        },
      ],
    })

    const user = prompts.at(-1)?.find((message) => message.role === "user")
    expect(user?.content).toEqual([
      { type: "text", text: "What is in this picture?" },
      expect.objectContaining({ type: "file", mediaType: "image/png", filename: "pixel.png" }),
    ])
    const file = (user?.content ?? [])[1] as { data?: unknown } | undefined
    const received = file?.data instanceof URL ? file.data.href : file?.data
    expect(String(received)).toContain(pixel)

    expect(response.items.map((item) => (item as MessageItem).content)).toEqual([
      "Here is your chart.",
      "",
    ])
    expect((response.items[1] as MessageItem).attachments).toEqual([
      {
        id: expect.any(String),
        name: "file-1.gif",
        mediaType: "image/gif",
        url: `data:image/gif;base64,${chart}`,
      },
    ])
  })

  it("sends the earlier turn's image again with the history, and a file without text", async () => {
    const adapter = new SSEAdapter({ url, dialect: "ai-sdk" })
    const agentId = await adapter.startChatAgent()
    await adapter.sendMessage(agentId, "First", {
      attachments: [
        { name: "a.png", mediaType: "image/png", data: `data:image/png;base64,${pixel}` },
      ],
    })
    await adapter.sendMessage(agentId, "", {
      attachments: [{ name: "notes.txt", mediaType: "text/plain", data: new Blob(["hello"]) }],
    })
    const prompt = prompts.at(-1) ?? []
    const users = prompt.filter((message) => message.role === "user")
    expect(users).toHaveLength(2)
    expect(users[0]?.content).toEqual([
      { type: "text", text: "First" },
      expect.objectContaining({ type: "file", mediaType: "image/png" }),
    ])
    expect(users[1]?.content).toEqual([
      expect.objectContaining({ type: "file", mediaType: "text/plain", filename: "notes.txt" }),
    ])
    // The agent's earlier image went back as a file part of its message.
    const assistant = prompt.filter((message) => message.role === "assistant")
    expect(JSON.stringify(assistant.map((message) => message.content))).toContain("image/gif")
  })

  it("refuses a 2 GB file before sending, with a clear error", async () => {
    class HugeBlob extends Blob {
      override get size(): number {
        return 2 * 1024 ** 3
      }
    }
    const adapter = new SSEAdapter({ url, dialect: "ai-sdk" })
    const agentId = await adapter.startChatAgent()
    const before = prompts.length
    await expect(
      adapter.sendMessage(agentId, "Watch this", {
        attachments: [{ name: "film.mov", mediaType: "video/quicktime", data: new HugeBlob([]) }],
      }),
    ).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("film.mov"),
    })
    expect(prompts.length).toBe(before)
    expect(await adapter.getConversationItems(agentId)).toEqual([])
  })

  it("refuses files on the Haira wire without an upload function, and sends links with one", async () => {
    const bodies: unknown[] = []
    const haira = new SSEAdapter({
      url,
      dialect: "haira",
      fetch: async (_input, init) => {
        bodies.push(JSON.parse(String(init?.body)))
        return new Response("data: [DONE]\n\n", {
          headers: { "Content-Type": "text/event-stream" },
        })
      },
    })
    const agentId = await haira.startChatAgent()
    const file = { name: "a.png", mediaType: "image/png", data: new Blob(["x"]) }
    await expect(haira.sendMessage(agentId, "Hi", { attachments: [file] })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    })
    const uploading = new SSEAdapter({
      url,
      dialect: "haira",
      upload: async (upload) => `https://files.example/${upload.name}`,
      fetch: async (_input, init) => {
        bodies.push(JSON.parse(String(init?.body)))
        return new Response("data: [DONE]\n\n", {
          headers: { "Content-Type": "text/event-stream" },
        })
      },
    })
    expect(uploading.capabilities.attachments).toBe(true)
    const uploadingAgent = await uploading.startChatAgent()
    await uploading.sendMessage(uploadingAgent, "Hi", { attachments: [file] })
    expect(bodies).toEqual([
      {
        message: "Hi",
        session_id: uploadingAgent,
        attachments: [
          { name: "a.png", media_type: "image/png", url: "https://files.example/a.png" },
        ],
      },
    ])
  })
})
