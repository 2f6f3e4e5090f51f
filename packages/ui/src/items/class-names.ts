/** A value from the wire (a status, a card type) made safe to use in a class name. */
export function modifier(value: unknown): string {
  return String(value)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, 40)
}
