/**
 * What the voice stories share: a memory agent that takes voice messages, and a microphone
 * for the story (a tone from an oscillator, or a refusal) put in place of the browser's.
 * Stories only.
 */
import type { SendMessageOptions } from "@aichatkit/network-adapter"
import { MemoryAdapter } from "@aichatkit/testing"
import type { ChatResponse } from "@aichatkit/types"

/** The memory agent, taking voice messages: it listens to the whole recording, then answers. */
export class VoiceMemoryAdapter extends MemoryAdapter {
  override readonly capabilities = { ...new MemoryAdapter().capabilities, audio: true }

  override async sendMessage(
    agentId: string,
    message: string,
    options: SendMessageOptions = {},
  ): Promise<ChatResponse> {
    if (options.audio === undefined) return super.sendMessage(agentId, message, options)
    let chunks = 0
    for await (const _chunk of options.audio.chunks) chunks += 1
    const signal = options.signal
    const heard = `I heard ${chunks} chunks of your voice message.`
    return super.sendMessage(agentId, heard, signal ? { signal } : {})
  }
}

/** Answers the story's `getUserMedia` with a tone, or refuses it; returns the undo. */
export function storyMicrophone(answer: "tone" | "refuse"): () => void {
  const devices = navigator.mediaDevices as MediaDevices & { getUserMedia: unknown }
  const getUserMedia = async (): Promise<MediaStream> => {
    if (answer === "refuse") throw new DOMException("Permission denied", "NotAllowedError")
    const context = new AudioContext()
    const oscillator = context.createOscillator()
    const destination = context.createMediaStreamDestination()
    oscillator.connect(destination)
    oscillator.start()
    return destination.stream
  }
  Object.defineProperty(devices, "getUserMedia", { configurable: true, value: getUserMedia })
  return () => {
    Reflect.deleteProperty(devices, "getUserMedia")
  }
}
