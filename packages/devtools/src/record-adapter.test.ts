import { createDemoServer, type DemoServer } from "@aichatkit/demo-server"
import { NetworkAdapter } from "@aichatkit/network-adapter"
import { SSEAdapter } from "@aichatkit/sse-adapter"
import { ReplayAdapter } from "@aichatkit/testing"
import type { ChatEvent, ChatResponse, ChatResponseItem } from "@aichatkit/types"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { recordAdapter } from "./record-adapter.js"
import { REDACTED } from "./redact.js"

let server: DemoServer
beforeAll(async () => {
  server = await createDemoServer({ tokenDelayMs: 1 })
})
afterAll(() => server.close())

/** An adapter whose wire carries credentials, to see what a recording keeps of them. */
class LeakyAdapter extends NetworkAdapter {
  async startChatAgent(): Promise<string> {
    return "agent-1"
  }
  async sendMessage(agentId: string, message: string): Promise<ChatResponse> {
    this.tapWire("out", "test", {
      headers: { Authorization: "Bearer s3cret", "Content-Type": "application/json" },
      body: { message, email: "ada@example.com", accessToken: "t0ken" },
    })
    this.tapWire("in", "test", "GET /stream?token=abc123&page=2 Bearer xyz.789")
    return { items: [], conversationId: agentId }
  }
  async getConversationItems(): Promise<ChatResponseItem[]> {
    return []
  }
  async clearConversationHistory(): Promise<void> {}
  async stopChatAgent(): Promise<void> {}
}

describe("recordAdapter", () => {
  it("records a live SSE session as plain JSON that replays the same events and answer", async () => {
    const adapter = new SSEAdapter({ url: `${server.url}/chat` })
    const recorder = recordAdapter(adapter)
    const agentId = await adapter.startChatAgent()
    const live: ChatEvent[] = []
    adapter.subscribe(agentId, (event) => live.push(event))
    const answer = await adapter.sendMessage(agentId, "hello")
    const recording = recorder.stop()

    expect(JSON.parse(JSON.stringify(recording))).toEqual(recording)
    expect(recording).toMatchObject({ format: "aichatkit-recording", adapter: "SSEAdapter" })
    const kinds = new Set(recording.entries.map((entry) => entry.kind))
    expect([...kinds].sort()).toEqual(["answer", "event", "send", "start", "wire"])
    const times = recording.entries.map((entry) => entry.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))

    const replay = new ReplayAdapter(recording, { speed: Number.POSITIVE_INFINITY })
    const replayAgent = await replay.startChatAgent()
    const replayed: ChatEvent[] = []
    replay.subscribe(replayAgent, (event) => replayed.push(event))
    const replayedAnswer = await replay.sendMessage(replayAgent, "hello")
    const asLive = (event: ChatEvent) => ("agentId" in event ? { ...event, agentId } : event)
    expect(replayed.map(asLive)).toEqual(live)
    expect(replayedAnswer.items).toEqual(answer.items)
  })

  it("restores the adapter's own methods when it stops", async () => {
    const adapter = new SSEAdapter({ url: `${server.url}/chat` })
    const recorder = recordAdapter(adapter)
    expect(Object.hasOwn(adapter, "sendMessage")).toBe(true)
    recorder.stop()
    expect(Object.hasOwn(adapter, "sendMessage")).toBe(false)
    expect(adapter.sendMessage).toBe(SSEAdapter.prototype.sendMessage)
  })

  it("redacts auth headers and tokens by default, and what the app's redact names", async () => {
    const adapter = new LeakyAdapter()
    const recorder = recordAdapter(adapter, { redact: (key) => key === "email" })
    await adapter.sendMessage("agent-1", "hi")
    const text = JSON.stringify(recorder.stop())
    for (const secret of ["s3cret", "t0ken", "abc123", "xyz.789", "ada@example.com"]) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain(REDACTED)
    expect(text).toContain("application/json")
    expect(text).toContain("page=2")
  })

  it("records a failed turn as a failure that the replay rejects with", async () => {
    const adapter = new SSEAdapter({ url: `${server.url}/no-such-endpoint` })
    const recorder = recordAdapter(adapter)
    const agentId = await adapter.startChatAgent()
    const live = await adapter.sendMessage(agentId, "hello").catch((error: unknown) => error)
    const replay = new ReplayAdapter(recorder.stop(), { speed: Number.POSITIVE_INFINITY })
    const replayed = await replay
      .sendMessage(await replay.startChatAgent(), "hello")
      .catch((error: unknown) => error)
    expect(replayed).toMatchObject({ code: (live as { code: string }).code })
  })
})
