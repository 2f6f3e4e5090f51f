/** JSON values as readable text, whatever the wire sent (cycles, bigints, huge strings). */

/** Text longer than this is cut, with a note of how much was left out. */
export const maxJsonTextLength = 20_000

/** Pretty-printed JSON of `value` (strings as they are), never throwing. */
export function formatJson(value: unknown, unrenderable = "(cannot be shown)"): string {
  let text: string
  if (typeof value === "string") {
    text = value
  } else {
    const seen = new WeakSet<object>()
    try {
      text =
        JSON.stringify(
          value,
          (_key, current: unknown) => {
            if (typeof current === "bigint") return current.toString()
            if (typeof current === "function" || typeof current === "symbol") return unrenderable
            if (typeof current === "object" && current !== null) {
              if (seen.has(current)) return unrenderable
              seen.add(current)
            }
            return current
          },
          2,
        ) ?? unrenderable
    } catch {
      text = unrenderable
    }
  }
  if (text.length <= maxJsonTextLength) return text
  return `${text.slice(0, maxJsonTextLength)}… (${text.length - maxJsonTextLength} more characters)`
}

/** Whether a value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}
