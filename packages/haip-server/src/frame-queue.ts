/** A FIFO whose `shift` is O(1), for queues that grow to thousands of frames. */
export class FrameQueue<T> {
  private items: T[] = []
  private head = 0

  get length(): number {
    return this.items.length - this.head
  }

  peek(): T | undefined {
    return this.items[this.head]
  }

  push(...items: T[]): void {
    for (const item of items) this.items.push(item)
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    // Let go of the frame at once: a queue that drains often never reaches the compaction below.
    this.items[this.head] = undefined as T
    this.head += 1
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }
}
