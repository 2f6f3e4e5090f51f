/**
 * JWT claims (exp, iss, aud) and sessions bound to the identity that opened them (issue 13 #4).
 */
import { SignJWT } from "jose"
import { describe, expect, it } from "vitest"
import { verifyJwt } from "./auth.js"
import { connect, startServer } from "./testdata/harness.js"

const secret = "test-secret-at-least-32-bytes-long!!"
const key = new TextEncoder().encode(secret)

interface Claims {
  sub?: string
  exp?: string | false
  iss?: string
  aud?: string
  nonce?: string
}

async function token(claims: Claims = {}): Promise<string> {
  const jwt = new SignJWT(claims.nonce ? { nonce: claims.nonce } : {})
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
  if (claims.sub) jwt.setSubject(claims.sub)
  if (claims.exp !== false) jwt.setExpirationTime(claims.exp ?? "1h")
  if (claims.iss) jwt.setIssuer(claims.iss)
  if (claims.aud) jwt.setAudience(claims.aud)
  return jwt.sign(key)
}

describe("JWT claims", () => {
  it("refuses a token without exp by default, and accepts it with jwtRequireExpiry: false", async () => {
    const forever = await token({ sub: "ada", exp: false })
    const refused = await verifyJwt(forever, secret)
    expect(refused).toMatchObject({ ok: false })
    if (!refused.ok) expect(refused.message).toMatch(/no expiry \(exp\)/)
    expect(await verifyJwt(forever, secret, { requireExpiry: false })).toMatchObject({
      ok: true,
      user: { id: "ada" },
    })
  })

  it("checks iss and aud when they are configured", async () => {
    const rules = { issuer: "https://issuer.example", audience: "chat" }
    const good = await token({ sub: "ada", iss: "https://issuer.example", aud: "chat" })
    expect(await verifyJwt(good, secret, rules)).toMatchObject({ ok: true })
    const cases = [
      [await token({ sub: "ada", iss: "https://evil.example", aud: "chat" }), /issuer \(iss\)/],
      [await token({ sub: "ada", iss: "https://issuer.example", aud: "other" }), /audience/],
      [await token({ sub: "ada", aud: "chat" }), /issuer/],
    ] as const
    for (const [jwt, message] of cases) {
      const outcome = await verifyJwt(jwt, secret, rules)
      expect(outcome.ok).toBe(false)
      if (!outcome.ok) expect(outcome.message).toMatch(message)
    }
  })

  it("refuses a token without exp on the wire with AUTHENTICATION_FAILED", async () => {
    const server = await startServer({ jwtSecret: secret })
    const client = await connect(server)
    client.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { auth: { token: await token({ sub: "ada", exp: false }) } },
    })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("AUTHENTICATION_FAILED")
    expect((await client.closed).code).toBe(1008)
  })

  it("refuses a token of another audience on the wire when jwtAudience is set", async () => {
    const server = await startServer({ jwtSecret: secret, jwtAudience: "chat" })
    const client = await connect(server)
    client.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { auth: { token: await token({ sub: "ada", aud: "billing" }) } },
    })
    const error = await client.waitForType("ERROR")
    expect(error.payload).toMatchObject({ code: "AUTHENTICATION_FAILED" })
    expect(error.payload.message).toMatch(/audience/)
  })
})

describe("a session belongs to the identity that opened it", () => {
  /** Opens a session with `jwt`, sends one message, drops the socket; returns the session id. */
  async function openAndLeave(server: Awaited<ReturnType<typeof startServer>>, jwt: string) {
    const client = await connect(server)
    await client.hello({ auth: { token: jwt } })
    const transaction = await client.startTransaction("script")
    client.send({ type: "MESSAGE", transaction, payload: "my secret" })
    await client.waitFor((frame) => frame.payload === "echo: my secret")
    client.kill()
    await client.closed
    return client.frames[0]!.session
  }

  /** Tries to resume `session` with `jwt`: the server's HAI in answer, and the client. */
  async function resume(
    server: Awaited<ReturnType<typeof startServer>>,
    jwt: string,
    session: string,
  ) {
    const client = await connect(server)
    client.send({
      type: "HAI",
      channel: "SYSTEM",
      payload: { auth: { token: jwt }, session, last_rx_seq: "0" },
    })
    // The server speaks first (its provisional session's HAI); the answer to ours comes next.
    await client.waitForType("HAI")
    const hai = await client.waitForType("HAI", 1)
    return { hai, client }
  }

  it("does not let a second token without sub resume the first one's session or see its replay", async () => {
    const server = await startServer({ jwtSecret: secret })
    const first = await token({ nonce: "one" })
    const second = await token({ nonce: "two" })
    const session = await openAndLeave(server, first)
    const intruder = await resume(server, second, session)
    expect(intruder.hai.payload.resumed).toBeUndefined()
    expect(intruder.hai.session).not.toBe(session)
    const error = intruder.client.frames.find((frame) => frame.type === "ERROR")
    expect(error?.payload.code).toBe("RESUME_FAILED")
    expect(intruder.client.frames.some((frame) => frame.payload === "echo: my secret")).toBe(false)
    // The token that opened it still resumes it, replay included.
    const owner = await resume(server, first, session)
    expect(owner.hai.payload.resumed).toBe(true)
    await owner.client.waitFor((frame) => frame.payload === "echo: my secret")
  })

  it("answers 'not yours' exactly as 'no such session'", async () => {
    const server = await startServer({ jwtSecret: secret })
    const session = await openAndLeave(server, await token({ sub: "alice" }))
    const mallory = await token({ sub: "mallory" })
    const notYours = await resume(server, mallory, session)
    const unknown = await resume(server, mallory, "00000000-0000-4000-8000-000000000000")
    const message = (frames: typeof notYours.client.frames, id: string) =>
      String(frames.find((frame) => frame.type === "ERROR")?.payload.message).replace(id, "ID")
    expect(message(notYours.client.frames, session)).toBe(
      message(unknown.client.frames, "00000000-0000-4000-8000-000000000000"),
    )
  })
})
