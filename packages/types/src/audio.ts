/**
 * Voice on messages: the audio a message carries (the agent's spoken answer, streamed in
 * chunks; the user's recording, announced by its media type), and its wire check.
 */

/** The audio of a message. */
export interface MessageAudio {
  /** Its media type, e.g. `audio/wav` or `audio/webm;codecs=opus`. */
  mediaType: string
  /**
   * The audio as it arrived, base64, one entry per chunk. Each chunk decodes on its own (a
   * whole WAV or a PCM-in-WAV segment), so a player can start the first before the last came.
   */
  chunks?: string[]
  /** How long it lasts, in milliseconds, when the sender says. */
  durationMs?: number
  /**
   * The chunks were there but are not kept: a stored conversation keeps a message's text and
   * that it had audio, never the audio itself (it would fill the storage). Nothing to play.
   */
  dropped?: boolean
}

/** Audio to send as a voice message: its media type and its bytes as they are recorded. */
export interface AudioToSend {
  mediaType: string
  /** The recording's chunks in order; the voice message ends when the iteration ends. */
  chunks: AsyncIterable<ArrayBuffer>
}

/** The most chunks one message's audio may hold (a chunk is usually 100 ms to 1 s). */
export const MAX_AUDIO_CHUNKS = 4096

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** Why a message's `audio` field does not fit, or `undefined` when it does (or is absent). */
export function audioProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (!isRecord(value)) return "audio is not an object"
  if (typeof value.mediaType !== "string" || !value.mediaType.startsWith("audio/")) {
    return "audio.mediaType is not an audio/* media type"
  }
  if (value.chunks !== undefined) {
    if (!Array.isArray(value.chunks)) return "audio.chunks is not an array"
    if (value.chunks.length > MAX_AUDIO_CHUNKS) return "audio.chunks holds too many chunks"
    if (!value.chunks.every((chunk) => typeof chunk === "string")) {
      return "an audio chunk is not a base64 string"
    }
  }
  if (
    value.durationMs !== undefined &&
    (typeof value.durationMs !== "number" ||
      !Number.isFinite(value.durationMs) ||
      value.durationMs < 0)
  ) {
    return "audio.durationMs is not a number of milliseconds"
  }
  if (value.dropped !== undefined && typeof value.dropped !== "boolean") {
    return "audio.dropped is not a boolean"
  }
  return undefined
}
