import { describe, expect, it } from "vitest"
import { audioProblem, MAX_AUDIO_CHUNKS } from "./audio.js"
import { chatResponseItemProblem } from "./validate.js"

const message = { id: "m", type: "message", role: "assistant", content: "", timestamp: "t" }

describe("a message's audio on the wire", () => {
  it.each([
    [{ mediaType: "audio/wav" }, undefined],
    [{ mediaType: "audio/wav", chunks: ["UklGRg=="], durationMs: 300 }, undefined],
    ["audio/wav", "audio is not an object"],
    [{ mediaType: "text/html" }, "audio.mediaType is not an audio/* media type"],
    [{ mediaType: "audio/wav", chunks: "UklGRg==" }, "audio.chunks is not an array"],
    [{ mediaType: "audio/wav", chunks: [1] }, "an audio chunk is not a base64 string"],
    [
      { mediaType: "audio/wav", durationMs: -1 },
      "audio.durationMs is not a number of milliseconds",
    ],
    [{ mediaType: "audio/wav", dropped: true }, undefined],
    [{ mediaType: "audio/wav", dropped: "yes" }, "audio.dropped is not a boolean"],
    [
      { mediaType: "audio/wav", chunks: Array(MAX_AUDIO_CHUNKS + 1).fill("A") },
      "audio.chunks holds too many chunks",
    ],
  ])("%j: %s", (audio, problem) => {
    expect(audioProblem(audio)).toBe(problem)
    expect(chatResponseItemProblem({ ...message, audio })).toBe(problem)
  })
})
