/**
 * Who is connecting: the token from wherever the client put it, the `authenticate` callback,
 * and HS256 JWT verification (with `jose`) when a `jwtSecret` is set.
 */
import { createHash } from "node:crypto"
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

/**
 * Who the client is, or why authentication failed (as the ERROR frame's message). `identity`
 * is what a session is bound to: only the same identity may resume it (undefined on an open
 * server, where anyone holding the session id may).
 */
export type AuthOutcome =
  | { ok: true; user: HAIPUser | undefined; identity?: string | undefined }
  | { ok: false; message: string }

/** Settings of {@link authenticateClient}. */
export interface AuthSettings {
  authenticator: HAIPAuthenticator | undefined
  jwtSecret: string | undefined
  /** Refuse JWTs without `exp` (default true). */
  jwtRequireExpiry?: boolean | undefined
  /** The `iss` a JWT must have, when set. */
  jwtIssuer?: string | string[] | undefined
  /** The `aud` a JWT must name, when set. */
  jwtAudience?: string | string[] | undefined
}

/** JWT checks beyond the signature (see {@link AuthSettings}). */
export interface JwtClaimRules {
  requireExpiry?: boolean | undefined
  issuer?: string | string[] | undefined
  audience?: string | string[] | undefined
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
      if (user) return { ok: true, user, identity: `user:${user.id}` }
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
  return verifyJwt(token, settings.jwtSecret, {
    requireExpiry: settings.jwtRequireExpiry,
    issuer: settings.jwtIssuer,
    audience: settings.jwtAudience,
  })
}

/** The token without its "Bearer " prefix. */
export function bareToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined
  const trimmed = token.trim()
  return /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, "") : trimmed
}

/**
 * Verifies an HS256 JWT; `alg: none`, other algorithms, bad signatures and expired tokens fail,
 * and so do tokens without `exp` (unless `requireExpiry: false`) and, when the rules name
 * them, tokens of another issuer or audience. The identity is the issuer and `sub`; a token
 * without `sub` is its own identity (its hash), so two such tokens never share a session.
 */
export async function verifyJwt(
  token: string,
  secret: string,
  rules: JwtClaimRules = {},
): Promise<AuthOutcome> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      ...(rules.requireExpiry === false ? {} : { requiredClaims: ["exp"] }),
      ...(rules.issuer === undefined ? {} : { issuer: rules.issuer }),
      ...(rules.audience === undefined ? {} : { audience: rules.audience }),
    })
    const subject = typeof payload.sub === "string" && payload.sub !== "" ? payload.sub : undefined
    const id = subject ?? "jwt-user"
    const user: HAIPUser = { ...(payload as Record<string, unknown>), id }
    const identity =
      subject === undefined
        ? `jwt-token:${createHash("sha256").update(token).digest("hex")}`
        : `jwt:${JSON.stringify([payload.iss ?? null, subject])}`
    return { ok: true, user, identity }
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      return { ok: false, message: "The token has expired; get a new one and reconnect." }
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      return { ok: false, message: claimMessage(error.claim) }
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

function claimMessage(claim: string): string {
  if (claim === "exp") {
    return "The token has no expiry (exp); the server only accepts tokens that expire. Issue one with exp."
  }
  if (claim === "iss") return "The token's issuer (iss) is not the one this server accepts."
  if (claim === "aud") return "The token's audience (aud) does not name this server."
  return `The token's ${claim} claim is not valid; it was refused.`
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
