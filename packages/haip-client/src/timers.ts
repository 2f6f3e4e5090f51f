/** Named one-shot timers that never keep a Node process alive, all cleared at once. */
export class Timers {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>()

  /** (Re)starts the timer `name`. */
  set(name: string, ms: number, callback: () => void): void {
    this.clear(name)
    const timer = setTimeout(() => {
      this.#timers.delete(name)
      callback()
    }, ms)
    ;(timer as { unref?: () => void }).unref?.()
    this.#timers.set(name, timer)
  }

  has(name: string): boolean {
    return this.#timers.has(name)
  }

  clear(name: string): void {
    const timer = this.#timers.get(name)
    if (timer !== undefined) clearTimeout(timer)
    this.#timers.delete(name)
  }

  clearAll(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
  }
}
