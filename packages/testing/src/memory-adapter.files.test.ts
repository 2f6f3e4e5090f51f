import { ALL_AGENTS } from "@aichatkit/network-adapter"
import { ChatError, type ChatEvent, type ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { MemoryAdapter } from "./memory-adapter.js"
import { filesAnswer } from "./script.js"

/** A 1×1 PNG. */
const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

/** A Blob that says it holds 2 GB without allocating them. */
class HugeBlob extends Blob {
  override get size(): number {
    return 2 * 1024 ** 3
  }
}

async function startAdapter() {
  const adapter = new MemoryAdapter({ tokenDelayMs: 0 })
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(ALL_AGENTS, (event) => events.push(event))
  return { adapter, agentId, events }
}

function texts(items: readonly ChatResponseItem[]): string[] {
  return items.flatMap((item) =>
    item.type === "message" && item.role === "assistant" ? [item.content] : [],
  )
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(ChatError)
  return (error as ChatError).code
}

describe("MemoryAdapter: a message of files", () => {
  it("takes files without text, keeps them on the user's item and answers about them", async () => {
    const { adapter, agentId } = await startAdapter()
    const response = await adapter.sendMessage(agentId, "", {
      attachments: [
        { name: "pixel.png", mediaType: "image/png", data: PIXEL },
        { name: "notes.txt", mediaType: "text/plain", data: new Blob(["hello"]) },
      ],
    })
    const [question] = response.items
    expect(question).toMatchObject({ type: "message", role: "user", content: "" })
    const files = question?.type === "message" ? (question.attachments ?? []) : []
    expect(files.map(({ name, mediaType, url }) => ({ name, mediaType, url }))).toEqual([
      { name: "pixel.png", mediaType: "image/png", url: PIXEL },
      { name: "notes.txt", mediaType: "text/plain", url: "data:text/plain;base64,aGVsbG8=" },
    ])
    // Named after the user's item, as a HAIP server names them.
    expect(files.map((file) => file.id)).toEqual([`${question?.id}-0`, `${question?.id}-1`])
    expect(texts(response.items)).toEqual([
      "I received 2 files: **pixel.png** (image/png), **notes.txt** (text/plain). Tell me what you would like to know about them.",
    ])
    expect(await adapter.getConversationItems(agentId)).toEqual(response.items)
  })

  it("follows the text's keyword when the files come with text", async () => {
    const { adapter, agentId } = await startAdapter()
    const response = await adapter.sendMessage(agentId, "use the tool", {
      attachments: [{ name: "pixel.png", mediaType: "image/png", url: PIXEL }],
    })
    expect(response.items.some((item) => item.type === "tool_call")).toBe(true)
    expect(response.items[0]).toMatchObject({ content: "use the tool" })
    // The files are named first, and the text's turn follows.
    expect(texts(response.items)[0]).toBe("I received 1 file: **pixel.png** (image/png).")
    expect(response.items[1]).toMatchObject({ type: "message", role: "assistant" })
  })

  it("names a file as typed: markup in its name or media type is escaped, not rendered", () => {
    const name = "[click](https://example.com) **bold** <b>x</b>_y`z`\\ a\nb.png"
    const mediaType = "image/png*"
    expect(filesAnswer([{ name, mediaType }])).toBe(
      "I received 1 file: **\\[click\\](https://example.com) \\*\\*bold\\*\\* \\<b\\>x\\</b\\>\\_y\\`z\\`\\\\ a b.png** (image/png\\*). Tell me what you would like to know about it.",
    )
  })

  it("still refuses a blank message with no files, and emits nothing", async () => {
    const { adapter, agentId, events } = await startAdapter()
    expect(await codeOf(adapter.sendMessage(agentId, " ", { attachments: [] }))).toBe(
      "INVALID_INPUT",
    )
    expect(events).toEqual([])
  })

  it("refuses a file too large with PAYLOAD_TOO_LARGE before anything is emitted", async () => {
    const { adapter, agentId, events } = await startAdapter()
    const attachments = [{ name: "film.mov", mediaType: "video/quicktime", data: new HugeBlob([]) }]
    expect(await codeOf(adapter.sendMessage(agentId, "", { attachments }))).toBe(
      "PAYLOAD_TOO_LARGE",
    )
    expect(events).toEqual([])
    expect(await adapter.getConversationItems(agentId)).toEqual([])
  })
})
