/**
 * Which browser pages may talk to the server, from `enableCORS`: `true` lets any origin read
 * the HTTP transports' answers (the seed's meaning); `{ origins }` lets only those, and then
 * also refuses their WebSocket upgrades to pages elsewhere, since CORS does not cover
 * WebSockets and the `Origin` header is the only thing a browser page cannot forge there.
 */
import type { HAIPServerOptions } from "../options.js"

/** What a request's `Origin` is allowed: any origin, or the origins of a list. */
export type CorsPolicy = { anyOrigin: true } | { anyOrigin: false; origins: ReadonlySet<string> }

/**
 * The policy of a setting, `undefined` when CORS is off. Each listed origin is normalized as
 * browsers send it (`https://app.example.com`, no path, default port dropped); one that is
 * not an http(s) origin throws, so a typo fails at start instead of refusing every page.
 */
export function corsPolicy(setting: HAIPServerOptions["enableCORS"]): CorsPolicy | undefined {
  if (setting === undefined || setting === false) return undefined
  if (setting === true) return { anyOrigin: true }
  if (typeof setting !== "object" || setting === null || !Array.isArray(setting.origins)) {
    throw new TypeError(
      "HAIPServer: enableCORS takes true (any origin) or { origins: [...] } (those only).",
    )
  }
  return { anyOrigin: false, origins: new Set(setting.origins.map(normalizedOrigin)) }
}

function normalizedOrigin(entry: unknown): string {
  const problem = `HAIPServer: enableCORS.origins holds ${JSON.stringify(entry)}, which is not an origin; write it as "https://app.example.com" (scheme, host and port only).`
  if (typeof entry !== "string") throw new TypeError(problem)
  let url: URL
  try {
    url = new URL(entry)
  } catch {
    throw new TypeError(problem)
  }
  const bare = url.pathname === "/" && url.search === "" && url.hash === "" && url.username === ""
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare) throw new TypeError(problem)
  return url.origin
}

/**
 * The `Access-Control-Allow-Origin` to answer a request from `origin` with, or `undefined`
 * when that origin is not allowed (the answer then carries no CORS header, and the browser
 * keeps it from the page).
 */
export function allowedOrigin(policy: CorsPolicy, origin: string | undefined): string | undefined {
  if (policy.anyOrigin) return origin ?? "*"
  return origin !== undefined && policy.origins.has(origin) ? origin : undefined
}

/**
 * Whether a WebSocket upgrade from `origin` may go on: always, except where a list names the
 * allowed origins and a browser page elsewhere asks. A client that sends no `Origin` (Node,
 * the CLI) is no browser page, and CORS never limited it.
 */
export function acceptsUpgrade(
  policy: CorsPolicy | undefined,
  origin: string | undefined,
): boolean {
  if (policy === undefined || policy.anyOrigin || origin === undefined) return true
  return policy.origins.has(origin)
}
