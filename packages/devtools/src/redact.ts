/**
 * Redaction of what a recording keeps: credentials never reach a file that may be attached to
 * a bug report. Keys that name a credential (auth headers, tokens, keys, passwords, cookies)
 * and bearer tokens inside text are replaced by default; the app's `redact` names more.
 */

/** Says whether a value must not be recorded: `key` is its property name ("" at the top). */
export type RedactRule = (key: string, value: unknown) => boolean

/** What a redacted value becomes. */
export const REDACTED = "[redacted]"

const CREDENTIAL_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|(access|refresh|id|auth|bearer|session)[-_]?token|token|password|secret|client[-_]?secret)$/i

/** `Bearer abc…`, `Basic abc…`, and `token=abc…` inside any text (a query string, a frame). */
const CREDENTIAL_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+|\b(token|api_key|apikey)=[^&\s"]+/gi

/** Whether `key` names a credential by the default rule. */
export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key)
}

/** `text` with bearer tokens and `token=` parameters replaced. */
export function redactText(text: string): string {
  return text.replace(CREDENTIAL_TEXT, (match, scheme: string | undefined) =>
    scheme === undefined
      ? `${match.slice(0, match.indexOf("=") + 1)}${REDACTED}`
      : `${scheme} ${REDACTED}`,
  )
}

/**
 * A plain JSON copy of `value` with credentials and whatever `rule` names replaced. A value
 * JSON cannot hold (a function, a cycle's back-reference) is dropped rather than recorded.
 */
export function redactedCopy<T>(value: T, rule?: RedactRule): T {
  const seen = new WeakSet<object>()
  const text = JSON.stringify(value, (key, field: unknown) => {
    if (key !== "" && isCredentialKey(key)) return REDACTED
    if (rule?.(key, field)) return REDACTED
    if (typeof field === "string") return redactText(field)
    if (typeof field === "object" && field !== null) {
      if (seen.has(field)) return undefined
      seen.add(field)
    }
    return field
  })
  return (text === undefined ? null : JSON.parse(text)) as T
}
