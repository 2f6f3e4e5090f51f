/**
 * A voice message through HAIPAdapter to our haip-server over a real socket: the recording's
 * chunks reach the tool's handleAudio in order with their mime type while they are recorded,
 * and the agent's spoken answer (audio chunks + transcript) comes back as one message.
 */
import {
  type HAIPAudioChunk,
  type HAIPMessage,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
  sendChatEvents,
} from "@aichatkit/haip-server"
import { startTestServer, waitFor } from "@aichatkit/haip-server/testing"
import { foldEvents } from "@aichatkit/network-adapter/testing"
import { spokenAnswer } from "@aichatkit/testing"
import type { ChatEvent } from "@aichatkit/types"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"
import { startReferenceServer } from "./testdata/reference-server.js"

/** Keeps each run's audio; answers a voice message with the demo agent's spoken answer. */
class VoiceTool extends HAIPTool {
  readonly heard = new Map<string, HAIPAudioChunk[]>()
  schema(): HAIPToolSchema {
    return { name: "voice", description: "Listens", inputSchema: { type: "string" } }
  }
  override handleAudio(client: HAIPSessionTransaction, chunk: HAIPAudioChunk): void {
    this.heard.set(client.runId, [...(this.heard.get(client.runId) ?? []), chunk])
  }
  async handleMessage(client: HAIPSessionTransaction, _message: HAIPMessage): Promise<void> {
    const chunks = this.heard.get(client.runId) ?? []
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.data.byteLength, 0)
    const heard = { mediaType: chunks[0]?.mime ?? "none", chunks: chunks.length, bytes }
    await sendChatEvents(client, spokenAnswer({ agentId: client.transaction.id, heard }))
  }
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** An async iterable the test feeds one chunk at a time, ended by `end()`. */
function recording() {
  const queue: ArrayBuffer[] = []
  let wake: (() => void) | undefined
  let ended = false
  let stopped = false
  return {
    push(text: string) {
      queue.push(new TextEncoder().encode(text).buffer)
      wake?.()
    },
    end() {
      ended = true
      wake?.()
    },
    get stopped() {
      return stopped
    },
    chunks: {
      async *[Symbol.asyncIterator]() {
        try {
          while (true) {
            const next = queue.shift()
            if (next) yield next
            else if (ended) return
            else await new Promise<void>((resolve) => (wake = resolve))
          }
        } finally {
          stopped = true
        }
      },
    },
  }
}

async function voiceSetup(): Promise<{
  tool: VoiceTool
  adapter: HAIPAdapter
  events: ChatEvent[]
  agentId: string
  server: Awaited<ReturnType<typeof startTestServer>>
}> {
  const tool = new VoiceTool()
  const server = await startTestServer({ tools: [tool] })
  cleanups.push(() => server.close())
  const adapter = new HAIPAdapter({
    url: server.url,
    token: "Bearer TOKEN",
    tool: "voice",
    reconnect: { maxAttempts: 1, delayMs: 20 },
  })
  cleanups.push(() => adapter.close())
  const events: ChatEvent[] = []
  adapter.subscribe("*", (event) => events.push(event))
  return { tool, adapter, events, server, agentId: await adapter.startChatAgent() }
}

describe("HAIPAdapter voice messages", () => {
  it("streams the chunks while recording, then resolves with the agent's audio and transcript", async () => {
    const { tool, adapter, events, agentId } = await voiceSetup()
    expect(adapter.capabilities.audio).toBe(true)
    const mic = recording()
    const mediaType = "audio/webm;codecs=opus"
    const sent = adapter.sendMessage(agentId, "", { audio: { mediaType, chunks: mic.chunks } })
    mic.push("one")
    mic.push("two")
    // The server has the first chunks before the recording ends: they stream, not batch.
    await waitFor(() => [...tool.heard.values()].flat().length === 2, "the first two chunks")
    mic.push("three")
    mic.end()
    const response = await sent
    const heard = [...tool.heard.values()].flat()
    expect(heard.map((chunk) => new TextDecoder().decode(chunk.data))).toEqual([
      "one",
      "two",
      "three",
    ])
    expect(new Set(heard.map((chunk) => chunk.mime))).toEqual(new Set([mediaType]))
    expect(new Set(heard.map((chunk) => chunk.messageId)).size).toBe(1)
    const [user, answer] = response.items
    expect(user).toMatchObject({ role: "user", content: "", audio: { mediaType } })
    expect(answer).toMatchObject({
      role: "assistant",
      content: `I heard your voice message: 3 chunks of ${mediaType}, 0.0 KB. Here is a tone in answer.`,
      audio: { mediaType: "audio/wav", durationMs: 600 },
    })
    expect(answer?.type === "message" && answer.audio?.chunks).toHaveLength(3)
    expect(foldEvents(events.filter((event) => "agentId" in event))).toEqual(response.items)
  })

  it("stops pulling the recording when the turn is cancelled mid-recording", async () => {
    const { tool, adapter, agentId } = await voiceSetup()
    const mic = recording()
    const abort = new AbortController()
    const sent = adapter.sendMessage(agentId, "", {
      signal: abort.signal,
      audio: { mediaType: "audio/webm", chunks: mic.chunks },
    })
    mic.push("one")
    await waitFor(() => tool.heard.size === 1, "the first chunk")
    abort.abort()
    await expect(sent).rejects.toMatchObject({ code: "CANCELLED" })
    mic.push("two")
    await waitFor(() => mic.stopped, "the recording to stop")
    expect([...tool.heard.values()].flat()).toHaveLength(1)
  })

  it("fails the turn with a connection error when the server goes away mid-recording, and stops the recording", async () => {
    const { tool, adapter, server, agentId } = await voiceSetup()
    const mic = recording()
    const sent = adapter.sendMessage(agentId, "", {
      audio: { mediaType: "audio/webm", chunks: mic.chunks },
    })
    mic.push("one")
    await waitFor(() => tool.heard.size === 1, "the first chunk")
    await server.close()
    const error = await sent.then(
      () => undefined,
      (failure: unknown) => failure,
    )
    expect(error).toMatchObject({ code: expect.stringMatching(/^CONNECTION_/) })
    expect((error as Error).message).not.toBe("")
    mic.push("two")
    await waitFor(() => mic.stopped, "the recording to stop")
  })

  it("refuses a voice message to a reference-generation server (no AUDIO_CHUNK) before the turn starts", async () => {
    const reference = await startReferenceServer((text) => [`Arr: ${text}`])
    cleanups.push(() => reference.close())
    const adapter = new HAIPAdapter({ url: reference.url, token: "Bearer TOKEN", tool: "llm" })
    cleanups.push(() => adapter.close())
    const events: ChatEvent[] = []
    adapter.subscribe("*", (event) => events.push(event))
    const agentId = await adapter.startChatAgent()
    const mic = recording()
    await expect(
      adapter.sendMessage(agentId, "", { audio: { mediaType: "audio/webm", chunks: mic.chunks } }),
    ).rejects.toMatchObject({
      code: "UNSUPPORTED",
      message:
        "This HAIP server (the reference's generation) takes no audio; type the message instead.",
    })
    expect(events.filter((event) => event.type === "run-started")).toEqual([])
  })

  it("refuses audio that is not audio/* before sending anything", async () => {
    const { adapter, agentId } = await voiceSetup()
    const mic = recording()
    await expect(
      adapter.sendMessage(agentId, "", { audio: { mediaType: "text/html", chunks: mic.chunks } }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" })
  })
})
