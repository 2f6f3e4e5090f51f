/** The one way aichatkit packages make ids (conversations, optimistic items, sessions, runs). */

/**
 * A unique id, a v4 UUID: `crypto.randomUUID` where it exists, else built from
 * `crypto.getRandomValues` (which, unlike `randomUUID`, also exists on plain-http pages), else
 * from `Math.random` (runtimes without Web Crypto).
 */
export function createId(): string {
  const webCrypto = (globalThis as { crypto?: Partial<Crypto> }).crypto
  if (typeof webCrypto?.randomUUID === "function") return webCrypto.randomUUID()
  const bytes = new Uint8Array(16)
  if (typeof webCrypto?.getRandomValues === "function") webCrypto.getRandomValues(bytes)
  else for (let index = 0; index < 16; index++) bytes[index] = Math.floor(Math.random() * 256)
  // The version (4) and variant (10xx) bits of RFC 9562.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
