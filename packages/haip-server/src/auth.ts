/**
 * Who is connecting: the token from wherever the client put it, the `authenticate` callback,
 * and HS256 JWT verification (with `jose`) when a `jwtSecret` is set.
 */
import type { IncomingMessage } from "node:http"
import { errors as joseErrors, jwtVerify } from "jose"
import type { HAIPAuthenticator, HAIPAuthRequest, HAIPUser } from "./types.js"

/** The prefix of a `Sec-WebSocket-Protocol` entry carrying a token: `haip.bearer.<token>`. */
export const BEARER_SUBPROTOCOL_PREFIX = "haip.bearer."

/** Tokens found on the HTTP request that opened a connection (URL, subprotocol, header). */
export function tokenFromRequest(request: IncomingMessage): string | undefined {
  const url = new URL(request.url ?? "/", "http://localhost")
  const fromQuery = url.searchParams.get("token")
  if (fromQuery) return fromQuery
  const protocols = request.headers["sec-websocket-protocol"]
  if (typeof protocols === "string") {
    for (const entry of protocols.split(",")) {
      const protocol = entry.trim()
      if (protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX)) {
        return decodeURIComponent(protocol.slice(BEARER_SUBPROTOCOL_PREFIX.length))
      }
    }
  }
  const authorization = request.headers.authorization
  if (typeof authorization === "string" && authorization.trim() !== "") return authorization.trim()
  return undefined
}

/**
 * The object the `authenticate` callback receives: the HAI's `payload.auth` when it has a
 * token, else that object (or `{}`) extended with the token found on the request.
 */
export function authRequest(haiAuth: unknown, requestToken: string | undefined): HAIPAuthRequest {
  const auth =
    typeof haiAuth === "object" && haiAuth !== null && !Array.isArray(haiAuth)
      ? { ...(haiAuth as Record<string, unknown>) }
      : {}
  if (typeof auth.token === "string" && auth.token !== "") return auth as HAIPAuthRequest
  if (requestToken !== undefined) return { ...auth, token: requestToken }
  const { token: _ignored, ...rest } = auth
  return rest
}

/** Why authentication failed, as the ERROR frame's message. */
export type AuthOutcome = { ok: true; user: HAIPUser | undefined } | { ok: false; message: string }

/** Settings of {@link authenticateClient}. */
export interface AuthSettings {
  authenticator: HAIPAuthenticator | undefined
  jwtSecret: string | undefined
}

/**
 * Accepts a client when the callback returns a user, else when its token is a JWT signed with
 * `jwtSecret` (HS256 only, not expired). With neither a callback nor a secret, everyone is
 * accepted (an open server).
 */
export async function authenticateClient(
  request: HAIPAuthRequest,
  settings: AuthSettings,
): Promise<AuthOutcome> {
  if (!settings.authenticator && !settings.jwtSecret) return { ok: true, user: undefined }
  if (settings.authenticator) {
    try {
      const user = await settings.authenticator(request)
      if (user) return { ok: true, user }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return { ok: false, message: `The server could not check the credentials (${reason}).` }
    }
  }
  if (!settings.jwtSecret) {
    return { ok: false, message: "The token was refused; check the token the client sends." }
  }
  const token = bareToken(request.token)
  if (!token) {
    return {
      ok: false,
      message:
        "No token was sent; put one in the HAI payload.auth.token, ?token=, or a haip.bearer.<token> subprotocol.",
    }
  }
  return verifyJwt(token, settings.jwtSecret)
}

/** The token without its "Bearer " prefix. */
export function bareToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined
  const trimmed = token.trim()
  return /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, "") : trimmed
}

/** Verifies an HS256 JWT; `alg: none`, other algorithms, bad signatures and expired tokens fail. */
export async function verifyJwt(token: string, secret: string): Promise<AuthOutcome> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
    })
    const id = typeof payload.sub === "string" ? payload.sub : "jwt-user"
    const user: HAIPUser = { ...(payload as Record<string, unknown>), id }
    return { ok: true, user }
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      return { ok: false, message: "The token has expired; get a new one and reconnect." }
    }
    if (error instanceof joseErrors.JOSEAlgNotAllowed) {
      return { ok: false, message: "The token is not signed with HS256; it was refused." }
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return { ok: false, message: "The token's signature is wrong; it was refused." }
    }
    return { ok: false, message: "The token is not a valid JWT; it was refused." }
  }
}

/**
 * Permissions as the reference server writes them: `{ MESSAGE: ["*"] }` → a map from event
 * type to the tools (or "*") it is allowed for.
 */
export function createPermissionMap(
  permissions: Record<string, readonly string[]> = {},
): Record<string, string[]> {
  const map: Record<string, string[]> = {}
  for (const [type, tools] of Object.entries(permissions)) map[type] = [...tools]
  return map
}

/** Whether a user may send frames of `type` to `toolName` (no permissions given: yes). */
export function isAllowed(user: HAIPUser | undefined, type: string, toolName: string): boolean {
  const permissions = user?.permissions
  if (!permissions) return true
  const allowed = permissions[type]
  if (!allowed) return true
  return allowed.includes("*") || allowed.includes(toolName)
}
