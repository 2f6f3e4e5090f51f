/**
 * A voice message whose turn fails is kept, and Retry sends it again over HAIP: a real
 * controller over HAIPAdapter and our haip-server on a real socket. The tool refuses the first
 * run; Retry's run carries every chunk of the recording, in order, as AUDIO_CHUNKs.
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
import { createChatController } from "@aichatkit/store"
import { spokenAnswer } from "@aichatkit/testing"
import { afterEach, describe, expect, it } from "vitest"
import { HAIPAdapter } from "./haip-adapter.js"

/** Refuses the first voice message (the tool is busy), answers the next one it hears. */
class BusyOnceTool extends HAIPTool {
  readonly heard = new Map<string, string[]>()
  refusals = 1
  schema(): HAIPToolSchema {
    return { name: "voice", description: "Listens", inputSchema: { type: "string" } }
  }
  override handleAudio(client: HAIPSessionTransaction, chunk: HAIPAudioChunk): void {
    const text = new TextDecoder().decode(chunk.data)
    this.heard.set(client.runId, [...(this.heard.get(client.runId) ?? []), text])
  }
  async handleMessage(client: HAIPSessionTransaction, _message: HAIPMessage): Promise<void> {
    if (this.refusals > 0) {
      this.refusals -= 1
      this.sendError(client, "TOOL_BUSY", "The voice tool is busy; try again.")
      this.finishRun(client, "ERROR", "busy")
      return
    }
    const chunks = this.heard.get(client.runId) ?? []
    const heard = { mediaType: "audio/webm", chunks: chunks.length, bytes: chunks.join("").length }
    await sendChatEvents(client, spokenAnswer({ agentId: client.transaction.id, heard }))
  }
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A microphone the test speaks into, one chunk at a time; `stopped` once nobody reads it. */
function microphone() {
  const queue: ArrayBuffer[] = []
  let wake: (() => void) | undefined
  let ended = false
  const state = { stopped: false }
  return {
    state,
    say(text: string) {
      queue.push(new TextEncoder().encode(text).buffer)
      wake?.()
    },
    end() {
      ended = true
      wake?.()
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
          state.stopped = true
        }
      },
    },
  }
}

describe("a failed voice message over HAIP", () => {
  it("is kept, and Retry sends every chunk again as a voice message", async () => {
    const tool = new BusyOnceTool()
    const server = await startTestServer({ tools: [tool] })
    cleanups.push(() => server.close())
    const adapter = new HAIPAdapter({ url: server.url, token: "Bearer TOKEN", tool: "voice" })
    cleanups.push(() => adapter.close())
    const controller = createChatController({ adapter, scheduleFlush: "sync" })
    cleanups.push(() => controller.dispose())
    const mic = microphone()
    const sending = controller.send("", { audio: { mediaType: "audio/webm", chunks: mic.chunks } })
    mic.say("one")
    mic.say("two")
    await waitFor(() => [...tool.heard.values()].flat().length === 2, "the first two chunks")
    mic.say("three")
    mic.end()
    await sending
    const conversationId = controller.store.getState().activeConversationId ?? ""
    const failed = controller.store.getState().conversations[conversationId]
    expect(failed?.run.status).toBe("error")
    expect(failed?.lastError?.message).toContain("busy")
    const firstRuns = new Set(tool.heard.keys())
    expect(firstRuns.size).toBe(1)

    await controller.retry(conversationId)
    const retried = [...tool.heard.entries()].filter(([runId]) => !firstRuns.has(runId))
    expect(retried.map(([, chunks]) => chunks)).toEqual([["one", "two", "three"]])
    const conversation = controller.store.getState().conversations[conversationId]
    expect(conversation?.run.status).toBe("idle")
    const items = conversation?.itemIds.map((id) => conversation.items[id])
    expect(items).toMatchObject([
      { role: "user", content: "", audio: { mediaType: "audio/webm" } },
      { role: "assistant", content: expect.stringContaining("3 chunks"), audio: {} },
    ])
    expect(mic.state.stopped).toBe(true)
  })
})
