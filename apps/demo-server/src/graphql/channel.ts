/**
 * A push-to-pull queue: the publisher pushes, one subscription's resolver iterates. Bounded,
 * so a subscriber that stops reading is closed instead of growing the server's memory.
 */
export class EventChannel<T> implements AsyncIterableIterator<T> {
  readonly #queue: T[] = []
  #waiting: ((result: IteratorResult<T>) => void) | undefined
  #closed = false

  constructor(
    private readonly limit: number,
    private readonly onClose: () => void,
  ) {}

  get closed(): boolean {
    return this.#closed
  }

  /** Queues a value; past the limit the channel closes (the client resubscribes and reloads). */
  push(value: T): void {
    if (this.#closed) return
    if (this.#waiting) {
      const waiting = this.#waiting
      this.#waiting = undefined
      waiting({ value, done: false })
      return
    }
    if (this.#queue.length >= this.limit) {
      this.close()
      return
    }
    this.#queue.push(value)
  }

  /** Ends the iteration once the queued values are read. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.onClose()
    if (this.#waiting) {
      const waiting = this.#waiting
      this.#waiting = undefined
      waiting({ value: undefined, done: true })
    }
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.#queue.shift()
    if (value !== undefined) return Promise.resolve({ value, done: false })
    if (this.#closed) return Promise.resolve({ value: undefined, done: true })
    return new Promise((resolve) => {
      this.#waiting = resolve
    })
  }

  return(): Promise<IteratorResult<T>> {
    this.#queue.length = 0
    this.close()
    return Promise.resolve({ value: undefined, done: true })
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this
  }
}
