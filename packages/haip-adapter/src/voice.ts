/**
 * A voice message over HAIP: the recording's chunks go out as AUDIO_CHUNKs while they are
 * recorded, all in the turn's run (the server opens that run at the first chunk and hands
 * the chunks to the tool), then the MESSAGE in the same run that the tool answers.
 */
import { type HAIPOutgoingMessage, type HAIPTransaction, HAIPUtils } from "@aichatkit/haip-client"
import { type AudioToSend, ChatError } from "@aichatkit/types"
import { encodeAudioChunk, encodeVoiceMessageEnd } from "./encode.js"
import type { AgentTurn } from "./turn.js"

/** Why `audio` cannot be sent as a voice message, as a `ChatError`; `undefined` when it can. */
export function voiceProblem(audio: AudioToSend): ChatError | undefined {
  const iterable =
    typeof audio === "object" && audio !== null && Symbol.asyncIterator in audio.chunks
  if (!iterable || typeof audio.mediaType !== "string" || !audio.mediaType.startsWith("audio/")) {
    return new ChatError(
      "INVALID_INPUT",
      "A voice message needs an audio/* media type and its chunks as an async iterable.",
    )
  }
  return undefined
}

/** A server of the reference's generation announces no AUDIO_CHUNK: say so before the turn starts. */
export function voiceUnsupported(generation: string | undefined): ChatError | undefined {
  if (generation !== "reference") return undefined
  return new ChatError(
    "UNSUPPORTED",
    "This HAIP server (the reference's generation) takes no audio; type the message instead.",
  )
}

/**
 * Sends the voice message's chunks as they come, then its MESSAGE; resolves with that
 * MESSAGE's frame id, or `undefined` when the turn ended first (cancelled, or the server
 * refused it): the recording is then no longer pulled, which stops it.
 */
export async function sendVoice(
  transaction: HAIPTransaction,
  turn: AgentTurn,
  audio: AudioToSend,
  text: string,
  wire: (frame: HAIPOutgoingMessage) => void,
): Promise<string | undefined> {
  const messageId = HAIPUtils.generateUUID()
  const send = (frame: HAIPOutgoingMessage) => {
    wire(frame)
    return transaction.sendMessage(frame)
  }
  for await (const chunk of audio.chunks) {
    if (turn.ended) return undefined
    if (chunk.byteLength === 0) continue
    await send(encodeAudioChunk(turn.runId, messageId, audio.mediaType, chunk))
  }
  if (turn.ended) return undefined
  return send(encodeVoiceMessageEnd(turn.runId, text))
}
