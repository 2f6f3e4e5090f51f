/**
 * Which URLs the item components may turn into links: only absolute http(s) and mailto.
 * Everything else (javascript:, data:, vbscript:, relative paths, malformed input) is not a link.
 */

const allowedProtocols: ReadonlySet<string> = new Set(["http:", "https:", "mailto:"])

/** The URL normalised by the URL parser when it is http(s) or mailto; otherwise undefined. */
export function safeUrl(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > 8192) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  return allowedProtocols.has(url.protocol) ? url.href : undefined
}
