/**
 * A tiny typed event emitter with no Node dependency, so the client runs in browsers as is.
 * A listener that throws is reported and does not stop the others.
 */

// biome-ignore lint/suspicious/noExplicitAny: listener argument tuples vary per event.
type EventMap = Record<string, (...args: any[]) => void>

export class TypedEmitter<Events extends EventMap> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>()

  /** Adds a listener; returns the function that removes it. */
  on<Name extends keyof Events>(name: Name, listener: Events[Name]): () => void {
    let set = this.#listeners.get(name)
    if (!set) {
      set = new Set()
      this.#listeners.set(name, set)
    }
    set.add(listener)
    return () => this.off(name, listener)
  }

  /** Adds a listener that runs once. */
  once<Name extends keyof Events>(name: Name, listener: Events[Name]): () => void {
    const wrapper = ((...args: Parameters<Events[Name]>) => {
      this.off(name, wrapper)
      listener(...args)
    }) as Events[Name]
    return this.on(name, wrapper)
  }

  /** Removes a listener. */
  off<Name extends keyof Events>(name: Name, listener: Events[Name]): void {
    this.#listeners.get(name)?.delete(listener)
  }

  /** Whether anything listens to `name`. */
  listenerCount<Name extends keyof Events>(name: Name): number {
    return this.#listeners.get(name)?.size ?? 0
  }

  /** Calls the listeners of `name` in order. */
  emit<Name extends keyof Events>(name: Name, ...args: Parameters<Events[Name]>): void {
    const set = this.#listeners.get(name)
    if (!set || set.size === 0) return
    for (const listener of [...set]) {
      try {
        listener(...args)
      } catch (error) {
        reportListenerError(error)
      }
    }
  }
}

function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === "function") report(error)
  else console.error("haip-client: an event listener threw", error)
}
