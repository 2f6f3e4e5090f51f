/** Base64 both ways without Node's Buffer, so the client runs in browsers as is. */

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

/** Base64 of binary data, without Node's Buffer (browsers too). */
export function encodeBase64(data: ArrayBuffer | ArrayBufferView): string {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  let out = ""
  let index = 0
  for (; index + 2 < bytes.length; index += 3) {
    const chunk =
      ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0)
    out +=
      alphabet[(chunk >> 18) & 63]! +
      alphabet[(chunk >> 12) & 63]! +
      alphabet[(chunk >> 6) & 63]! +
      alphabet[chunk & 63]!
  }
  const rest = bytes.length - index
  if (rest === 1) {
    const chunk = (bytes[index] ?? 0) << 16
    out += `${alphabet[(chunk >> 18) & 63]}${alphabet[(chunk >> 12) & 63]}==`
  } else if (rest === 2) {
    const chunk = ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8)
    out += `${alphabet[(chunk >> 18) & 63]}${alphabet[(chunk >> 12) & 63]}${alphabet[(chunk >> 6) & 63]}=`
  }
  return out
}

const lookup = new Map([...alphabet].map((character, index) => [character, index]))

/** Binary data from base64 (standard or URL-safe); throws on characters outside the alphabet. */
export function parseBase64(text: string): ArrayBuffer {
  const clean = text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "")
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let buffer = 0
  let bits = 0
  let offset = 0
  for (const character of clean) {
    const value = lookup.get(character)
    if (value === undefined)
      throw new Error(`INVALID_ARGUMENT: "${character}" is not a base64 character.`)
    buffer = (buffer << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[offset++] = (buffer >> bits) & 0xff
    }
  }
  return bytes.buffer.slice(0, offset)
}
