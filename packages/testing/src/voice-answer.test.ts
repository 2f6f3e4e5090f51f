import { foldEvents } from "@aichatkit/network-adapter"
import type { ChatEvent } from "@aichatkit/types"
import { describe, expect, it } from "vitest"
import { spokenAnswer, toneWav } from "./voice-answer.js"

describe("spokenAnswer", () => {
  it("answers with a message whose audio is whole WAV chunks and whose text is the transcript", async () => {
    const events: ChatEvent[] = []
    const heard = { mediaType: "audio/webm", chunks: 8, bytes: 2048 }
    for await (const event of spokenAnswer({ agentId: "a", runId: "r", heard })) events.push(event)
    const [message] = foldEvents(events)
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      content:
        "I heard your voice message: 8 chunks of audio/webm, 2.0 KB. Here is a tone in answer.",
      audio: { mediaType: "audio/wav", durationMs: 600 },
    })
    const chunks = message?.type === "message" ? (message.audio?.chunks ?? []) : []
    expect(chunks).toHaveLength(3)
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, "base64")
      expect(bytes.subarray(0, 4).toString()).toBe("RIFF")
      expect(bytes.subarray(8, 12).toString()).toBe("WAVE")
      expect(bytes.length).toBe(44 + 8000 * 0.2 * 2)
    }
  })

  it("makes a tone that starts and ends in silence (no click between chunks)", () => {
    const wav = toneWav(100)
    const view = new DataView(wav.buffer)
    expect(view.getInt16(44, true)).toBe(0)
    expect(view.getInt16(wav.length - 2, true)).toBe(0)
    const loudest = Math.max(
      ...Array.from({ length: 800 }, (_, index) => Math.abs(view.getInt16(44 + index * 2, true))),
    )
    expect(loudest).toBeGreaterThan(9000)
  })
})
