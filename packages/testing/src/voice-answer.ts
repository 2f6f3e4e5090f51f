/**
 * The demo agent's answer to a voice message, with no model: a short generated tone (WAV, cut
 * in chunks that each play on their own) and a transcript of what it heard. The HAIP demo tool
 * and the tests speak it; it is the whole voice loop run locally.
 */
import { bytesToBase64 } from "@aichatkit/network-adapter"
import { type ChatEvent, createId } from "@aichatkit/types"

/** What the agent heard of the user's voice message. */
export interface HeardAudio {
  mediaType: string
  chunks: number
  bytes: number
  /** A digest of the bytes in the order heard, when the server computes one (tests compare it). */
  fingerprint?: string
}

/** Options of {@link spokenAnswer}. */
export interface SpokenAnswerInput {
  agentId: string
  runId?: string
  heard: HeardAudio
  /** How many chunks of tone to send (default 3) and how long each lasts (default 200 ms). */
  toneChunks?: number
  chunkMs?: number
}

const SAMPLE_RATE = 8000

/** A mono 16-bit PCM WAV of a sine tone: `durationMs` long at `frequency` Hz, fading in and out. */
export function toneWav(durationMs: number, frequency = 440): Uint8Array {
  const samples = Math.round((SAMPLE_RATE * durationMs) / 1000)
  const bytes = new Uint8Array(44 + samples * 2)
  const view = new DataView(bytes.buffer)
  const text = (offset: number, value: string) => {
    for (let index = 0; index < value.length; index++)
      view.setUint8(offset + index, value.charCodeAt(index))
  }
  text(0, "RIFF")
  view.setUint32(4, 36 + samples * 2, true)
  text(8, "WAVE")
  text(12, "fmt ")
  view.setUint32(16, 16, true) // the fmt chunk's size
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, SAMPLE_RATE, true)
  view.setUint32(28, SAMPLE_RATE * 2, true) // bytes per second
  view.setUint16(32, 2, true) // bytes per frame
  view.setUint16(34, 16, true) // bits per sample
  text(36, "data")
  view.setUint32(40, samples * 2, true)
  // A 5 ms ramp at each end, so back-to-back chunks join without a click.
  const ramp = Math.max(1, Math.round(SAMPLE_RATE * 0.005))
  for (let index = 0; index < samples; index++) {
    const edge = Math.min(1, index / ramp, (samples - 1 - index) / ramp)
    const value = Math.sin((2 * Math.PI * frequency * index) / SAMPLE_RATE) * 0.3 * edge
    view.setInt16(44 + index * 2, Math.round(value * 0x7fff), true)
  }
  return bytes
}

/** The transcript the agent sends with its tone. */
export function voiceTranscript(heard: HeardAudio): string {
  const kilobytes = (heard.bytes / 1024).toFixed(1)
  const fingerprint = heard.fingerprint === undefined ? "" : ` (fingerprint ${heard.fingerprint})`
  return `I heard your voice message: ${heard.chunks} chunks of ${heard.mediaType}, ${kilobytes} KB${fingerprint}. Here is a tone in answer.`
}

/** The events of the spoken answer: a message whose audio is the tone, its text the transcript. */
export async function* spokenAnswer(input: SpokenAnswerInput): AsyncGenerator<ChatEvent> {
  const runId = input.runId ?? createId()
  const scope = { agentId: input.agentId, runId }
  const itemId = createId()
  const chunkMs = input.chunkMs ?? 200
  yield { type: "run-started", ...scope }
  yield {
    type: "item-added",
    ...scope,
    item: {
      id: itemId,
      type: "message",
      role: "assistant",
      content: "",
      timestamp: new Date().toISOString(),
    },
  }
  const tones = [440, 550, 660]
  for (let index = 0; index < (input.toneChunks ?? 3); index++) {
    const data = bytesToBase64(toneWav(chunkMs, tones[index % tones.length]))
    yield {
      type: "audio-chunk",
      ...scope,
      itemId,
      mediaType: "audio/wav",
      data,
      durationMs: chunkMs,
    }
  }
  yield { type: "text-delta", ...scope, itemId, delta: voiceTranscript(input.heard) }
  yield { type: "item-done", ...scope, itemId }
  yield { type: "run-finished", ...scope, status: "ok" }
}
