/**
 * A recording as the async iterable a voice message is sent from: chunks pushed as the
 * `MediaRecorder` makes them, pulled by the adapter as it sends them. When the adapter stops
 * pulling (the turn was cancelled or failed) `onAbandoned` stops the recorder.
 */
export interface RecordingStream {
  /** What `send(…, { audio: { chunks } })` iterates. */
  readonly chunks: AsyncIterable<ArrayBuffer>
  /** A chunk the recorder made (in order). */
  push(chunk: ArrayBuffer): void
  /** No more chunks: the iteration ends after those pushed. */
  end(): void
  /** How many chunks were pushed so far. */
  readonly pushed: number
}

export function createRecordingStream(onAbandoned: () => void): RecordingStream {
  const queue: ArrayBuffer[] = []
  let wake: (() => void) | undefined
  let ended = false
  let pushed = 0
  const notify = () => {
    const waiting = wake
    wake = undefined
    waiting?.()
  }
  async function* iterate(): AsyncGenerator<ArrayBuffer> {
    let finished = false
    try {
      for (;;) {
        const next = queue.shift()
        if (next !== undefined) yield next
        else if (ended) {
          finished = true
          return
        } else await new Promise<void>((resolve) => (wake = resolve))
      }
    } finally {
      // Left before the end: the adapter gave up on the turn, so the recording is pointless.
      if (!finished) onAbandoned()
    }
  }
  return {
    chunks: { [Symbol.asyncIterator]: iterate },
    push(chunk) {
      if (ended) return
      pushed += 1
      queue.push(chunk)
      notify()
    },
    end() {
      ended = true
      notify()
    },
    get pushed() {
      return pushed
    },
  }
}
