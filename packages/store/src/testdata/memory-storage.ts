import type { StateStorage } from "zustand/middleware"

/** A storage like localStorage, in memory: its entries, and how many writes it took. */
export function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  let writes = 0
  const storage: StateStorage = {
    getItem: (name) => data.get(name) ?? null,
    setItem: (name, value) => {
      writes += 1
      data.set(name, value)
    },
    removeItem: (name) => {
      data.delete(name)
    },
  }
  return { storage, data, writes: () => writes }
}
