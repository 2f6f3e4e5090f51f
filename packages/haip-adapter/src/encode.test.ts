import { describe, expect, it } from "vitest"
import {
  encodeAudioChunk,
  encodeRunCancel,
  encodeToolCancel,
  encodeUserMessage,
  encodeVoiceMessageEnd,
} from "./encode.js"

describe("encode", () => {
  it.each([
    [
      "a chat turn is a MESSAGE on USER whose payload is the text",
      encodeUserMessage("hi"),
      { type: "MESSAGE", channel: "USER", payload: "hi" },
    ],
    [
      "a cancel is RUN_CANCEL with the envelope run_id",
      encodeRunCancel("r1"),
      { type: "RUN_CANCEL", channel: "SYSTEM", payload: { run_id: "r1" }, run_id: "r1" },
    ],
    [
      "a chunk of a voice message is AUDIO_CHUNK on AUDIO_IN in its run, base64",
      encodeAudioChunk("r1", "v1", "audio/webm", new TextEncoder().encode("RIFF").buffer),
      {
        type: "AUDIO_CHUNK",
        channel: "AUDIO_IN",
        run_id: "r1",
        payload: { message_id: "v1", mime: "audio/webm", data: "UklGRg==" },
      },
    ],
    [
      "a voice message ends with a MESSAGE in its run",
      encodeVoiceMessageEnd("r1", ""),
      { type: "MESSAGE", channel: "USER", payload: "", run_id: "r1" },
    ],
    [
      "a tool cancel is TOOL_CANCEL",
      encodeToolCancel("c1"),
      { type: "TOOL_CANCEL", channel: "USER", payload: { call_id: "c1" } },
    ],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toEqual(expected)
  })
})
