/**
 * Files the agent sends over HAIP, through our haip-server over a real socket: the scripted
 * agent's chart (ChatEventEncoder puts it in MESSAGE_START's `attachments`, base64), and a
 * hostile tool's script URLs, pages, marked-up names, a 50 MB file and replayed frames.
 */
import {
  type HAIPMessage,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
  sendChatEvents,
} from "@aichatkit/haip-server"
import { startTestServer } from "@aichatkit/haip-server/testing"
import { CHART_NAME, chartSvg, createScriptedAgent } from "@aichatkit/testing"
import type { ChatEvent, MessageItem } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"

const png =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="

/** The scripted agent for "chart…" messages; for the others the frames each message names. */
class FilesTool extends HAIPTool {
  readonly agent = createScriptedAgent({ tokenDelayMs: 0 })
  schema(): HAIPToolSchema {
    return { name: "files", description: "Sends files", inputSchema: { type: "string" } }
  }
  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const text = String(message.payload)
    if (text.startsWith("chart")) {
      const agentId = client.transaction.id
      await sendChatEvents(
        client,
        this.agent.respond({ agentId, message: text, runId: client.runId }),
      )
      return
    }
    for (const payload of hostileFrames.get(text) ?? []) {
      client.send({ type: payload.type, channel: "AGENT", payload: payload.payload })
    }
    this.finishRun(client)
  }
}

type Frame = {
  type: "MESSAGE" | "MESSAGE_START" | "MESSAGE_PART" | "MESSAGE_END"
  payload: unknown
}
const hostileFrames = new Map<string, Frame[]>()

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function turn(message: string, frames: Frame[] = []) {
  hostileFrames.set(message, frames)
  const server = await startTestServer({ tools: [new FilesTool()] })
  cleanups.push(() => server.close())
  const adapter = new HAIPAdapter({
    url: server.url,
    token: "Bearer TOKEN",
    tool: "files",
    reconnect: { maxAttempts: 1, delayMs: 20 },
  })
  cleanups.push(() => adapter.close())
  const agentId = await adapter.startChatAgent()
  const events: ChatEvent[] = []
  adapter.subscribe(agentId, (event) => events.push(event))
  const response = await adapter.sendMessage(agentId, message)
  const errors = events.flatMap((event) => (event.type === "error" ? [event.error.message] : []))
  // The agent's items: the user's own message is not the answer.
  const items = (response.items as MessageItem[]).filter((item) => item.role === "assistant")
  return { items, errors, events }
}

const start = (payload: Record<string, unknown>): Frame => ({
  type: "MESSAGE_START",
  payload: { message_id: "m1", author: "assistant", ...payload },
})
const part = (text: string): Frame => ({
  type: "MESSAGE_PART",
  payload: { message_id: "m1", text },
})
const end: Frame = { type: "MESSAGE_END", payload: { message_id: "m1" } }

describe("HAIPAdapter: files the agent sends", () => {
  it("shows the scripted agent's chart (base64 in MESSAGE_START) as an image message", async () => {
    const { items, errors } = await turn("chart please")
    expect(errors).toEqual([])
    expect(items.at(-1)).toMatchObject({
      type: "message",
      role: "assistant",
      content: "",
      attachments: [{ name: CHART_NAME, mediaType: "image/svg+xml", size: chartSvg().length }],
    })
    const url = items.at(-1)?.attachments?.[0]?.url ?? ""
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true)
    expect(atob(url.slice(url.indexOf(",") + 1))).toBe(chartSvg())
  })

  it("takes a whole MESSAGE `{ text, attachments }` with a link and base64 bytes", async () => {
    const { items, errors } = await turn("whole", [
      {
        type: "MESSAGE",
        payload: {
          text: "Two files",
          attachments: [
            { name: "r.pdf", mime: "application/pdf", url: "https://files.test/r.pdf", size: 3 },
            { name: "dot.png", mime: "image/png", data: png },
          ],
        },
      },
    ])
    expect(errors).toEqual([])
    expect(items).toEqual([
      expect.objectContaining({
        content: "Two files",
        attachments: [
          expect.objectContaining({ name: "r.pdf", url: "https://files.test/r.pdf", size: 3 }),
          expect.objectContaining({ name: "dot.png", url: `data:image/png;base64,${png}` }),
        ],
      }),
    ])
  })

  it.each([
    [
      "a javascript: URL",
      { name: "x", mime: "image/png", url: "javascript:alert(1)" },
      /runs a script/,
    ],
    [
      "a data:text/html URL",
      { name: "x", mime: "text/html", url: "data:text/html,<script>alert(1)</script>" },
      /not an image/,
    ],
    ["inline HTML bytes", { name: "x", mime: "text/html", data: "PHNjcmlwdD4=" }, /not an image/],
  ])(
    "leaves out %s with an error event; the message and its text stay",
    async (name, file, why) => {
      const { items, errors } = await turn(name, [
        start({ attachments: [file, { name: "ok.png", mime: "image/png", data: png }] }),
        part("Text."),
        end,
      ])
      expect(errors).toEqual([expect.stringMatching(why)])
      expect(items).toEqual([
        expect.objectContaining({
          content: "Text.",
          attachments: [expect.objectContaining({ name: "ok.png" })],
        }),
      ])
    },
  )

  it("a whole MESSAGE whose only file is refused adds nothing", async () => {
    const { items, errors } = await turn("only bad", [
      {
        type: "MESSAGE",
        payload: { attachments: [{ name: "x", mime: "image/png", url: "javascript:1" }] },
      },
    ])
    expect(errors).toEqual([expect.stringMatching(/"x" was left out: its URL runs a script/)])
    expect(items).toEqual([])
  })

  it("keeps a file name with markup as text", async () => {
    const name = '<img src=x onerror="alert(1)">.png'
    const { items } = await turn("markup", [
      start({ attachments: [{ name, mime: "image/png", data: png }] }),
      end,
    ])
    expect(items[0]?.attachments?.[0]?.name).toBe(name)
  })

  it("refuses a 50 MB base64 file: the frame is skipped with PAYLOAD_TOO_LARGE, the run still ends", async () => {
    const huge = "A".repeat(50 * 1024 * 1024)
    const { items, events } = await turn("huge", [
      start({ attachments: [{ name: "huge.png", mime: "image/png", data: huge }] }),
      end,
      { type: "MESSAGE", payload: "After the huge file." },
    ])
    const codes = events.flatMap((event) => (event.type === "error" ? [event.error.code] : []))
    // (Our server also says the 50 MB frame is over its own session memory budget.)
    expect(codes).toContain("PAYLOAD_TOO_LARGE")
    // The frames after the skipped one still came (its credits and seq were counted).
    expect(items).toEqual([expect.objectContaining({ content: "After the huge file." })])
    expect(items[0]).not.toHaveProperty("attachments")
    expect(events.at(-1)).toMatchObject({ type: "run-finished", status: "ok" })
  })

  it("a replayed MESSAGE_START gives one message with one file; text before the start is refused", async () => {
    const withFile = start({ attachments: [{ name: "dot.png", mime: "image/png", data: png }] })
    const { items, errors } = await turn("replayed", [
      part("Early. "),
      withFile,
      part("Late."),
      withFile,
      end,
      end,
    ])
    // Text before its message started is refused as the adapter refuses it anywhere.
    expect(errors).toEqual([expect.stringMatching(/never started; it was skipped/)])
    expect(items).toEqual([
      expect.objectContaining({
        id: "m1",
        content: "Late.",
        attachments: [expect.objectContaining({ id: "m1-0", name: "dot.png" })],
      }),
    ])
  })
})
