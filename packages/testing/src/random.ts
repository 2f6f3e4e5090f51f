/**
 * A small seeded pseudo-random generator (mulberry32), so every id, token cut and progress
 * step of the scripted agent is the same for the same seed.
 */

/** Deterministic random numbers and ids from one seed. */
export interface Random {
  /** A number in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** An id like `msg_1a2b3c4d`: the prefix and eight hex digits. */
  id(prefix: string): string
}

/** Mixes two integers into one 32-bit seed, so each turn gets its own stream of numbers. */
export function mixSeed(seed: number, salt: number): number {
  let value = (Math.trunc(seed) ^ Math.imul(Math.trunc(salt) + 0x9e3779b9, 0x85ebca6b)) >>> 0
  value = Math.imul(value ^ (value >>> 16), 0x7feb352d) >>> 0
  value = Math.imul(value ^ (value >>> 15), 0x846ca68b) >>> 0
  return (value ^ (value >>> 16)) >>> 0
}

/** A generator that yields the same sequence for the same seed. */
export function createRandom(seed: number): Random {
  let state = Math.trunc(seed) >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    id: (prefix) =>
      `${prefix}_${Math.floor(next() * 4294967296)
        .toString(16)
        .padStart(8, "0")}`,
  }
}
