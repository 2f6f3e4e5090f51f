/** Reads one HTTP response body into a stream decoder, and says how the reading ended. */
import type { StreamDecoder } from "./decode.js"

/**
 * - `finished`: the stream said the turn is over.
 * - `failed`: the decoder stopped (an event over the size limit, a dialect that threw).
 * - `aborted`: the caller's signal fired.
 * - `dropped`: the connection ended or broke before the turn was over.
 */
export type ReadOutcome = "finished" | "failed" | "aborted" | "dropped"

export async function readStream<State>(
  body: ReadableStream<Uint8Array>,
  decoder: StreamDecoder<State>,
  signal: AbortSignal,
  /** Sees every chunk as it arrived (the wire tap), before the decoder does. */
  wire?: (direction: "in", chunk: Uint8Array) => void,
): Promise<ReadOutcome> {
  const reader = body.getReader()
  let ended = false
  try {
    while (!decoder.finished && !decoder.failure) {
      const { done, value } = await reader.read()
      if (done) {
        ended = true
        decoder.end()
        break
      }
      wire?.("in", value)
      decoder.push(value)
    }
  } catch {
    // The socket broke (or the abort below tore it down): the outcome says which.
  } finally {
    if (!ended) reader.cancel().catch(() => {})
  }
  if (decoder.finished) return "finished"
  if (decoder.failure) return "failed"
  return signal.aborted ? "aborted" : "dropped"
}
