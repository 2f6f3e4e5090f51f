/**
 * Plays a message's audio chunks back to back as they arrive (Web Audio): each chunk is
 * decoded on its own, in order, and started exactly where the previous one ends, so there is
 * no gap between chunks. Pause and resume suspend the context; the end is reported once the
 * last chunk of a finished message has played.
 */

/** Where playback is. */
export type PlaybackPhase = "idle" | "playing" | "paused" | "ended" | "failed"

function base64Bytes(data: string): ArrayBuffer {
  const binary = atob(data)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes.buffer
}

export class AudioQueue {
  readonly #context: AudioContext
  readonly #onPhase: (phase: PlaybackPhase) => void
  /** Chunks handed over so far (`offer` takes only those after them). */
  #offered = 0
  /** When the next chunk starts, in the context's time. */
  #nextStart = 0
  /** Sources started and not yet ended. */
  #playing = 0
  #complete = false
  #decoding: Promise<void> = Promise.resolve()
  #phase: PlaybackPhase = "idle"
  #closed = false

  constructor(onPhase: (phase: PlaybackPhase) => void) {
    this.#context = new AudioContext()
    this.#onPhase = onPhase
  }

  get phase(): PlaybackPhase {
    return this.#phase
  }

  /** All chunks so far (those already offered are skipped); `complete` when no more will come. */
  offer(chunks: readonly string[], complete: boolean): void {
    const fresh = chunks.slice(this.#offered)
    this.#offered = chunks.length
    for (const chunk of fresh) {
      this.#decoding = this.#decoding.then(() => this.#schedule(chunk))
    }
    if (complete && !this.#complete) {
      this.#decoding = this.#decoding.then(() => {
        this.#complete = true
        this.#maybeEnded()
      })
    }
  }

  async play(): Promise<void> {
    if (this.#phase === "failed" || this.#phase === "ended") return
    // A closed context (the player unmounted meanwhile) cannot resume: nothing to play then.
    await this.#context.resume().catch(() => undefined)
    this.#setPhase("playing")
  }

  async pause(): Promise<void> {
    if (this.#phase !== "playing") return
    await this.#context.suspend().catch(() => undefined)
    this.#setPhase("paused")
  }

  /** Stops for good: the context is released and the phase no longer reported. */
  close(): void {
    this.#closed = true
    this.#context.close().catch(() => undefined)
  }

  async #schedule(chunk: string): Promise<void> {
    let buffer: AudioBuffer
    try {
      buffer = await this.#context.decodeAudioData(base64Bytes(chunk))
    } catch {
      this.#setPhase("failed")
      return
    }
    if (this.#phase === "failed") return
    const source = this.#context.createBufferSource()
    source.buffer = buffer
    source.connect(this.#context.destination)
    const startAt = Math.max(this.#context.currentTime, this.#nextStart)
    this.#nextStart = startAt + buffer.duration
    this.#playing += 1
    source.onended = () => {
      this.#playing -= 1
      this.#maybeEnded()
    }
    source.start(startAt)
  }

  #maybeEnded(): void {
    if (this.#complete && this.#playing === 0 && this.#phase === "playing") this.#setPhase("ended")
  }

  #setPhase(phase: PlaybackPhase): void {
    if (this.#phase === phase || this.#closed) return
    this.#phase = phase
    this.#onPhase(phase)
  }
}
