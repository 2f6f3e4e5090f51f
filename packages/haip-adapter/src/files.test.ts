/**
 * Files through HAIPAdapter to our haip-server over a real socket: the bytes base64 in the
 * MESSAGE payload (our server announces no binary frames), a link when the app uploads, and
 * a clear refusal of a file too large, with nothing sent.
 */
import {
  type HAIPMessage,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
} from "@aichatkit/haip-server"
import { startTestServer } from "@aichatkit/haip-server/testing"
import type { MessageItem } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { encodeUserMessage } from "./encode.js"
import { HAIPAdapter } from "./haip-adapter.js"

/** Keeps each MESSAGE payload; answers with how many files came. */
class FileTool extends HAIPTool {
  readonly payloads: unknown[] = []
  schema(): HAIPToolSchema {
    return { name: "files", description: "Reads files", inputSchema: { type: "object" } }
  }
  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    this.payloads.push(message.payload)
    const files = (message.payload as { attachments?: unknown[] }).attachments?.length ?? 0
    this.sendTextMessage(client, `Got ${files} files.`)
    this.finishRun(client)
  }
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(
  options: { upload?: (file: { name: string }) => Promise<string>; attachments?: boolean } = {},
) {
  const tool = new FileTool()
  const server = await startTestServer({ tools: [tool] })
  cleanups.push(() => server.close())
  const adapter = new HAIPAdapter({
    url: server.url,
    token: "Bearer TOKEN",
    tool: "files",
    attachments: true,
    reconnect: { maxAttempts: 1, delayMs: 20 },
    ...options,
  })
  cleanups.push(() => adapter.close())
  return { tool, adapter, agentId: await adapter.startChatAgent() }
}

const png = new Uint8Array([137, 80, 78, 71])

describe("HAIPAdapter files", () => {
  it("sends the bytes base64 in the MESSAGE payload, and shows them on the user's message", async () => {
    const { tool, adapter, agentId } = await setup()
    expect(adapter.capabilities.attachments).toBe(true)
    const response = await adapter.sendMessage(agentId, "Look", {
      attachments: [
        { name: "a.png", mediaType: "image/png", data: new Blob([png], { type: "image/png" }) },
        { name: "b.pdf", mediaType: "application/pdf", url: "https://files.example/b.pdf" },
      ],
    })
    expect(tool.payloads).toEqual([
      {
        text: "Look",
        attachments: [
          { name: "a.png", mime: "image/png", size: 4, data: Buffer.from(png).toString("base64") },
          { name: "b.pdf", mime: "application/pdf", url: "https://files.example/b.pdf" },
        ],
      },
    ])
    expect(response.items.map((item) => (item as MessageItem).content)).toContain("Got 2 files.")
    const user = (await adapter.getConversationItems(agentId)).find(
      (item): item is MessageItem => item.type === "message" && item.role === "user",
    )
    expect(user?.attachments?.map((file) => file.url)).toEqual([
      `data:image/png;base64,${Buffer.from(png).toString("base64")}`,
      "https://files.example/b.pdf",
    ])
  })

  it("sends a link when the app uploads, and a file without text", async () => {
    const { tool, adapter, agentId } = await setup({
      upload: async (file) => `https://store.example/${file.name}`,
    })
    await adapter.sendMessage(agentId, "", {
      attachments: [{ name: "a.png", mediaType: "image/png", data: new Blob([png]) }],
    })
    expect(tool.payloads.at(-1)).toEqual({
      text: "",
      attachments: [
        { name: "a.png", mime: "image/png", size: 4, url: "https://store.example/a.png" },
      ],
    })
  })

  it("refuses a 2 GB file before the turn starts, sending nothing", async () => {
    class HugeBlob extends Blob {
      override get size(): number {
        return 2 * 1024 ** 3
      }
    }
    const { tool, adapter, agentId } = await setup()
    await expect(
      adapter.sendMessage(agentId, "Watch", {
        attachments: [{ name: "film.mov", mediaType: "video/quicktime", data: new HugeBlob([]) }],
      }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" })
    expect(tool.payloads).toEqual([])
    expect(await adapter.getConversationItems(agentId)).toEqual([])
  })

  it("sends no files unless the app says the tool takes them", async () => {
    const { tool, adapter, agentId } = await setup({ attachments: false })
    expect(adapter.capabilities.attachments).toBe(false)
    await expect(
      adapter.sendMessage(agentId, "Hi", {
        attachments: [{ name: "a.png", mediaType: "image/png", data: new Blob([png]) }],
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
    expect(tool.payloads).toEqual([])
  })

  it("keeps the text as the bare payload without files (what the reference SDK sends)", () => {
    expect(encodeUserMessage("hi")).toEqual({ type: "MESSAGE", channel: "USER", payload: "hi" })
  })
})
