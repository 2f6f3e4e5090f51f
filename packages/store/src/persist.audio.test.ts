/** Audio is never stored: a spoken answer keeps its text and a mark that audio was there. */
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import type { StateStorage } from "zustand/middleware"
import { createChatStore } from "./create-chat-store.js"
import { chatPersistence, DEFAULT_PERSIST_NAME, PERSIST_VERSION } from "./persistence.js"
import { agentId, conversationId, runId, timestamp } from "./testdata/recorded.js"

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  const storage: StateStorage = {
    getItem: (name) => data.get(name) ?? null,
    setItem: (name, value) => void data.set(name, value),
    removeItem: (name) => void data.delete(name),
  }
  return { storage, data }
}

/** A second of audio as base64, as an agent streams it (about 43 KB of text). */
const secondOfAudio = "UklGR".padEnd(43_000, "A")

function spokenAnswer(chunks: number): ChatEvent[] {
  return [
    { type: "run-started", agentId, runId },
    {
      type: "item-added",
      agentId,
      runId,
      item: { id: "m1", type: "message", role: "assistant", content: "", timestamp },
    },
    ...Array.from(
      { length: chunks },
      (): ChatEvent => ({
        type: "audio-chunk",
        agentId,
        runId,
        itemId: "m1",
        mediaType: "audio/wav",
        data: secondOfAudio,
        durationMs: 1000,
      }),
    ),
    { type: "text-delta", agentId, runId, itemId: "m1", delta: "Here is a tone." },
    { type: "item-done", agentId, runId, itemId: "m1" },
    { type: "run-finished", agentId, runId, status: "ok" },
  ]
}

describe("persistence of audio", () => {
  it("stores a spoken answer's text and that it had audio, never the chunks", () => {
    const { storage, data } = memoryStorage()
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    store.getState().dispatch([
      {
        type: "conversation-created",
        conversation: { id: conversationId, title: "Voice", createdAt: timestamp, agentId },
      },
      ...spokenAnswer(60),
    ])
    // In memory the answer plays: every chunk is there.
    const live = store.getState().conversations[conversationId]?.items.m1
    expect(live).toMatchObject({ audio: { chunks: expect.any(Array) } })
    const written = data.get(DEFAULT_PERSIST_NAME) ?? ""
    // A minute of audio would be 2.5 MB, half of a typical localStorage quota.
    expect(written.length).toBeLessThan(2000)
    expect(written).not.toContain(secondOfAudio.slice(0, 100))
    const stored = JSON.parse(written)
    expect(stored.version).toBe(PERSIST_VERSION)
    expect(stored.state.conversations[0].items[0]).toEqual({
      id: "m1",
      type: "message",
      role: "assistant",
      content: "Here is a tone.",
      timestamp,
      audio: { mediaType: "audio/wav", durationMs: 60_000, dropped: true },
    })
    const restored = createChatStore({ persist: chatPersistence({ storage }) }).getState()
    expect(restored.conversations[conversationId]?.items.m1).toMatchObject({
      content: "Here is a tone.",
      audio: { mediaType: "audio/wav", dropped: true },
    })
    expect(restored.conversations[conversationId]?.items.m1).not.toHaveProperty("audio.chunks")
  })

  it("keeps a user's voice message (which never had chunks) as it is", () => {
    const { storage, data } = memoryStorage()
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    const voice: ChatResponseItem = {
      id: "u1",
      type: "message",
      role: "user",
      content: "",
      timestamp,
      audio: { mediaType: "audio/webm" },
    }
    store.getState().dispatch([
      {
        type: "conversation-created",
        conversation: { id: conversationId, title: "Voice", createdAt: timestamp, agentId },
      },
      { type: "user-message-sent", conversationId, item: voice },
    ])
    const stored = JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}")
    expect(stored.state.conversations[0].items[0]).toEqual(voice)
  })

  it("drops the chunks of data stored by an older version, and of stored alternatives", () => {
    const spoken = {
      id: "m1",
      type: "message",
      role: "assistant",
      content: "Old answer",
      timestamp,
      audio: { mediaType: "audio/wav", chunks: [secondOfAudio] },
    }
    const older = JSON.stringify({
      version: PERSIST_VERSION,
      state: {
        conversations: [
          {
            id: conversationId,
            title: "Old",
            createdAt: timestamp,
            updatedAt: timestamp,
            items: [spoken],
            branches: [
              {
                at: 0,
                selected: 0,
                alternatives: [null, { items: [{ ...spoken, id: "m0" }], branches: [] }],
              },
            ],
          },
        ],
      },
    })
    const { storage, data } = memoryStorage({ [DEFAULT_PERSIST_NAME]: older })
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    const conversation = store.getState().conversations[conversationId]
    expect(conversation?.items.m1).toMatchObject({
      content: "Old answer",
      audio: { mediaType: "audio/wav", dropped: true },
    })
    expect(conversation?.items.m1).not.toHaveProperty("audio.chunks")
    expect(conversation?.branches?.[0]?.alternatives[1]?.items[0]).not.toHaveProperty(
      "audio.chunks",
    )
    store.getState().dispatch({ type: "conversation-renamed", conversationId, title: "New" })
    expect(data.get(DEFAULT_PERSIST_NAME)).not.toContain(secondOfAudio.slice(0, 100))
  })
})
