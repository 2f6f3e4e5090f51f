/** A voice message's recording as a test drives it, and what an adapter reads of one. */
import type { AudioToSend } from "@aichatkit/types"

/** A recording the test feeds chunk by chunk, as a microphone would; says whether it was abandoned. */
export function microphone() {
  const chunks: ArrayBuffer[] = []
  let wake: (() => void) | undefined
  let ended = false
  const state = { abandoned: false }
  async function* record(): AsyncGenerator<ArrayBuffer> {
    let finished = false
    try {
      for (;;) {
        const chunk = chunks.shift()
        if (chunk) yield chunk
        else if (ended) {
          finished = true
          return
        } else await new Promise<void>((resolve) => (wake = resolve))
      }
    } finally {
      if (!finished) state.abandoned = true
    }
  }
  return {
    state,
    audio: { mediaType: "audio/webm", chunks: record() },
    say(...bytes: number[]) {
      chunks.push(...bytes.map((byte) => new Uint8Array([byte]).buffer))
      wake?.()
    },
    stop() {
      ended = true
      wake?.()
    },
  }
}

/** Every chunk the adapter reads of a voice message, as bytes, until it ends. */
export async function readAll(audio: AudioToSend | undefined): Promise<number[]> {
  const bytes: number[] = []
  for await (const chunk of audio?.chunks ?? []) bytes.push(...new Uint8Array(chunk))
  return bytes
}
