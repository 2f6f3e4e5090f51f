/**
 * A voice message's recording, kept in memory (never stored) from the start of its turn until
 * it is sent: the adapter reads it while it is recorded, and Retry after a failure reads it
 * again from its first chunk, so a dropped connection does not lose what the user said.
 */
import type { AudioToSend } from "@aichatkit/types"

export class KeptRecording {
  readonly mediaType: string
  readonly #source: AsyncIterator<ArrayBuffer>
  readonly #chunks: ArrayBuffer[] = []
  readonly #waiting = new Set<() => void>()
  #ended = false
  #released = false

  /** Starts reading the recording at once, whoever sends it and whenever they fail. */
  constructor(audio: AudioToSend) {
    this.mediaType = audio.mediaType
    this.#source = audio.chunks[Symbol.asyncIterator]()
    void this.#keep()
  }

  /** The recording to send: every chunk from the first, then each one as it is recorded. */
  audio(): AudioToSend {
    return { mediaType: this.mediaType, chunks: { [Symbol.asyncIterator]: () => this.#read() } }
  }

  /**
   * Lets the recording go (it was sent, or its turn cancelled): the chunks are freed and the
   * recorder, no longer read, stops.
   */
  release(): void {
    if (this.#released) return
    this.#released = true
    this.#chunks.length = 0
    this.#end()
    void this.#source.return?.()?.catch(() => undefined)
  }

  async #keep(): Promise<void> {
    try {
      for (;;) {
        const next = await this.#source.next()
        if (next.done || this.#released) break
        this.#chunks.push(next.value)
        this.#wake()
      }
    } catch {
      // A recorder that broke off: the chunks it made are the recording.
    }
    this.#end()
  }

  async *#read(): AsyncGenerator<ArrayBuffer> {
    for (let index = 0; ; ) {
      const chunk = this.#chunks[index]
      if (chunk !== undefined) {
        index += 1
        yield chunk
      } else if (this.#ended) {
        return
      } else {
        await new Promise<void>((resolve) => this.#waiting.add(resolve))
      }
    }
  }

  #end(): void {
    this.#ended = true
    this.#wake()
  }

  #wake(): void {
    const waiting = [...this.#waiting]
    this.#waiting.clear()
    for (const resolve of waiting) resolve()
  }
}
