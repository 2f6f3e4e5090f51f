/** Audio is never stored: a spoken answer keeps its text and a mark that audio was there. */
import { ChatError, type ChatEvent, type ChatResponseItem } from "@aichatkit/types"
import { describe, expect, it, vi } from "vitest"
import { createChatController } from "./create-chat-controller.js"
import { createChatStore } from "./create-chat-store.js"
import { chatPersistence, DEFAULT_PERSIST_NAME, PERSIST_VERSION } from "./persistence.js"
import { tick } from "./testdata/controller-setup.js"
import { memoryStorage } from "./testdata/memory-storage.js"
import { agentId, conversationId, runId, timestamp } from "./testdata/recorded.js"
import { storedConversation } from "./testdata/stored-chat.js"
import { TestAdapter } from "./testdata/test-adapter.js"

/** A user's voice message: audio recorded in the page, never chunks from the wire. */
const voice: ChatResponseItem = {
  id: "u1",
  type: "message",
  role: "user",
  content: "",
  timestamp,
  audio: { mediaType: "audio/webm" },
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

  it("keeps that a voice message's turn failed: restored, its marker says the recording is gone and Retry is not there", async () => {
    const { storage, data } = memoryStorage()
    const adapter = new TestAdapter({ audio: true })
    const store = createChatStore({ persist: chatPersistence({ storage, writeDelayMs: 0 }) })
    const controller = createChatController({ adapter, store, scheduleFlush: "sync" })
    const dropped = new ChatError("CONNECTION_LOST", "The connection dropped.", { retryable: true })
    async function* recording() {
      yield new ArrayBuffer(4)
    }
    // A typed message fails, then a voice message fails: the voice turn is kept apart (as
    // `failedVoiceTurns`, which older readers know), the typed one with the other markers.
    for (const [text, audio] of [
      ["hello", undefined],
      ["", { mediaType: "audio/webm", chunks: recording() }],
    ] as const) {
      const sending = controller.send(text, audio ? { audio } : {})
      await tick()
      adapter.lastSend().reject(dropped)
      await sending
    }
    const before = store.getState()
    const live = before.conversations[before.activeConversationId as string]
    const voiceId = live?.itemIds[1] as string
    // In memory the recording is kept: the latest turn can be retried.
    expect(live?.turnMarkers?.[voiceId]).toMatchObject({ status: "failed", latest: true })
    expect(live?.turnMarkers?.[voiceId]).not.toHaveProperty("recordingNotKept")
    const stored = JSON.parse(data.get(DEFAULT_PERSIST_NAME) ?? "{}")
    expect(stored.state.conversations[0].failedVoiceTurns).toEqual([
      {
        after: voiceId,
        error: { code: "CONNECTION_LOST", message: "The connection dropped.", retryable: true },
      },
    ])
    controller.dispose()

    const restored = createChatStore({ persist: chatPersistence({ storage }) }).getState()
    const conversation = restored.conversations[restored.activeConversationId as string]
    expect(conversation?.run.status).toBe("idle")
    expect(conversation?.turnMarkers).toEqual({
      [live?.itemIds[0] as string]: {
        status: "failed",
        error: { code: "CONNECTION_LOST", message: "The connection dropped.", retryable: true },
        message: "hello",
        latest: false,
      },
      [voiceId]: {
        status: "failed",
        error: { code: "CONNECTION_LOST", message: "The connection dropped.", retryable: true },
        message: "",
        latest: false,
        recordingNotKept: true,
      },
    })
  })

  it("restores no marker from a stored failed voice turn that does not fit or follows no item", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const error = { code: "CONNECTION_LOST", message: "Dropped.", retryable: true }
    const { storage } = storedConversation({
      items: [voice],
      failedVoiceTurns: [
        { after: "gone", error },
        { after: "u1", error: { code: "NOT_A_CODE", message: "x", retryable: true } },
        { after: "toString", error },
        "u1",
      ],
    })
    const conversation = createChatStore({ persist: chatPersistence({ storage }) }).getState()
      .conversations[conversationId]
    expect(conversation?.itemIds).toEqual(["u1"])
    expect(conversation?.turnMarkers).toBeUndefined()
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/dropped 4 stored turn marker\(s\)/))
    warn.mockRestore()
  })
})
