/** The agent's audio in the store: chunks appended in order to a streaming message, then no more. */
import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { agentId, conversationId, runId, timestamp } from "./testdata/recorded.js"
import { conversationOf, finalState, message } from "./testdata/replay.js"

const chunk = (data: string, itemId = "m1"): ChatEvent => ({
  type: "audio-chunk",
  agentId,
  runId,
  itemId,
  mediaType: "audio/wav",
  data,
  durationMs: 250,
})

describe("reduceChat: audio-chunk", () => {
  const spoken: ChatEvent[] = [
    { type: "run-started", agentId, runId },
    { type: "item-added", agentId, runId, item: message("m1", "") },
    chunk("UklGRg1"),
    { type: "text-delta", agentId, runId, itemId: "m1", delta: "A tone." },
    chunk("UklGRg2"),
  ]

  it("appends each chunk to the streaming message, in order, with the summed duration", () => {
    const item = conversationOf(finalState(spoken)).items.m1
    expect(item).toMatchObject({
      content: "A tone.",
      audio: { mediaType: "audio/wav", chunks: ["UklGRg1", "UklGRg2"], durationMs: 500 },
    })
  })

  it("takes no chunk after the message is done, for an unknown item, or that is not audio", () => {
    const state = finalState([
      ...spoken,
      { type: "item-done", agentId, runId, itemId: "m1" },
      chunk("late"),
      chunk("UklGRg3", "nobody"),
    ])
    const conversation = conversationOf(state)
    expect(conversation.items.m1).toMatchObject({ audio: { chunks: ["UklGRg1", "UklGRg2"] } })
    expect(Object.hasOwn(conversation.items, "nobody")).toBe(false)
    const notAudio = finalState([
      ...spoken.slice(0, 2),
      { ...chunk("PGh0bWw+"), mediaType: "text/html" } as ChatEvent,
    ])
    expect(conversationOf(notAudio).items.m1).not.toHaveProperty("audio")
  })

  it("keeps a voice message's audio when the server's copy of it, or of an answer, has none", () => {
    const voice = { mediaType: "audio/webm" }
    const local = {
      id: "local-1",
      type: "message" as const,
      role: "user" as const,
      content: "",
      timestamp,
      audio: voice,
    }
    const state = finalState([
      { type: "run-submitted", conversationId },
      { type: "user-message-sent", conversationId, item: local },
      ...spoken.slice(0, 1),
      { type: "item-added", agentId, runId, item: message("u1", "", "user") },
      ...spoken.slice(1),
      { type: "item-added", agentId, runId, item: message("u1", "", "user") },
      { type: "item-added", agentId, runId, item: message("m1", "A tone.") },
    ])
    const conversation = conversationOf(state)
    expect(conversation.items.u1).toMatchObject({ audio: voice })
    expect(conversation.items.m1).toMatchObject({ audio: { chunks: ["UklGRg1", "UklGRg2"] } })
  })
})
