import { SignJWT, UnsecuredJWT } from "jose"
import { describe, expect, it } from "vitest"
import { authRequest, bareToken, createPermissionMap, verifyJwt } from "./auth.js"
import { connect, startServer } from "./testdata/harness.js"

const secret = "test-secret-at-least-32-bytes-long!!"
const key = new TextEncoder().encode(secret)
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function token(options: { expiresIn?: string; sub?: string; signWith?: Uint8Array } = {}) {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(options.sub ?? "user-1")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(options.signWith ?? key)
}

describe("verifyJwt", () => {
  it("accepts a valid HS256 token and takes the user id from sub", async () => {
    expect(await verifyJwt(await token({ sub: "ada" }), secret)).toMatchObject({
      ok: true,
      user: { id: "ada" },
    })
  })

  it.each([
    ["an expired token", async () => token({ expiresIn: "-1m" }), /expired/],
    [
      "a token signed with another secret",
      async () =>
        token({ signWith: new TextEncoder().encode("another-secret-of-32-bytes-or-more!!") }),
      /signature/,
    ],
    [
      "an alg: none token",
      async () => new UnsecuredJWT({ sub: "x" }).encode(),
      /not signed with HS256|not a valid JWT/,
    ],
    ["garbage", async () => "not.a.jwt", /not a valid JWT/],
  ])("refuses %s", async (_name, make, message) => {
    const outcome = await verifyJwt(await make(), secret)
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) expect(outcome.message).toMatch(message)
  })
})

describe("auth helpers", () => {
  it("strips Bearer and builds the authenticate request", () => {
    expect(bareToken("Bearer abc")).toBe("abc")
    expect(authRequest({ token: "Bearer T", extra: 1 }, "other")).toEqual({
      token: "Bearer T",
      extra: 1,
    })
    expect(authRequest({ scope: "x" }, "from-url")).toEqual({ scope: "x", token: "from-url" })
    expect(authRequest(undefined, undefined)).toEqual({})
    expect(createPermissionMap({ MESSAGE: ["*"] })).toEqual({ MESSAGE: ["*"] })
  })
})

describe("JWT on the wire", () => {
  it("accepts a valid JWT from payload.auth, ?token= and the subprotocol", async () => {
    const server = await startServer({ jwtSecret: secret })
    const jwt = await token()
    const inHai = await connect(server)
    await inHai.hello({ auth: { token: `Bearer ${jwt}` } })
    const inQuery = await connect(server, `/?token=${jwt}`)
    await inQuery.hello()
    const inProtocol = await connect(server, "/", { protocols: [`haip.bearer.${jwt}`] })
    await inProtocol.hello()
    for (const client of [inHai, inQuery, inProtocol]) {
      expect(await client.startTransaction("script")).toMatch(uuid)
      expect(client.typesSince(0)).toEqual(["HAI", "TRANSACTION_START"])
    }
  })

  it.each([
    ["no token", undefined],
    ["an expired token", () => token({ expiresIn: "-1m" })],
    ["an alg: none token", async () => new UnsecuredJWT({ sub: "x" }).encode()],
  ])("refuses %s with AUTHENTICATION_FAILED and close 1008", async (_name, make) => {
    const server = await startServer({ jwtSecret: secret })
    const client = await connect(server)
    const auth = make ? { token: await make() } : undefined
    client.send({ type: "HAI", channel: "SYSTEM", payload: auth ? { auth } : {} })
    const error = await client.waitForType("ERROR")
    expect(error.payload.code).toBe("AUTHENTICATION_FAILED")
    expect((await client.closed).code).toBe(1008)
  })

  it("lets the authenticate callback accept what the JWT check would refuse", async () => {
    const server = await startServer({ jwtSecret: secret })
    server.authenticate((request) => (request.token === "Bearer TOKEN" ? { id: "user123" } : null))
    const client = await connect(server)
    await client.hello({ auth: { token: "Bearer TOKEN" } })
    expect(await client.startTransaction("script")).toMatch(uuid)
    expect(client.typesSince(0)).toEqual(["HAI", "TRANSACTION_START"])
  })

  it("refuses a tool the user's permissions do not list", async () => {
    const server = await startServer()
    server.authenticate(() => ({
      id: "u",
      permissions: createPermissionMap({ TRANSACTION_START: ["other"] }),
    }))
    const client = await connect(server)
    await client.hello()
    await expect(client.startTransaction("script")).rejects.toThrow(/AUTHENTICATION_FAILED/)
  })
})
