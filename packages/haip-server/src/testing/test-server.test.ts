import { afterEach, describe, expect, it } from "vitest"
import { RawClient } from "../testdata/raw-client.js"
import { startProxy, startTestServer, waitFor } from "./index.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function started(...args: Parameters<typeof startTestServer>) {
  const server = await startTestServer(...args)
  cleanups.push(() => server.close())
  return server
}

async function connect(url: string, token = "Bearer TOKEN") {
  const client = await RawClient.connect(url, { headers: { authorization: token } })
  cleanups.push(() => client.kill())
  return client
}

describe("startTestServer", () => {
  it("answers `count 3` from the script tool with three whole messages", async () => {
    const server = await started()
    const client = await connect(server.url)
    await client.hello()
    const transaction = await client.startTransaction("script")
    client.send({ type: "MESSAGE", channel: "USER", transaction, payload: "count 3" })
    await client.waitForType("RUN_FINISHED")
    const texts = client.frames
      .filter((frame) => frame.type === "MESSAGE" && frame.channel === "AGENT")
      .map((frame) => frame.payload)
    expect(texts).toEqual(["1", "2", "3"])
  })

  it("refuses a token other than TOKEN", async () => {
    const server = await started()
    const client = await connect(server.url, "Bearer WRONG")
    client.send({ type: "HAI", channel: "SYSTEM", payload: { haip_version: "1.1.2" } })
    const error = await client.waitForType("ERROR")
    expect(String(error.payload.code)).toMatch(/AUTH/)
  })
})

describe("startProxy", () => {
  it("carries frames to the server, and drop() cuts the link", async () => {
    const server = await started()
    const proxy = await startProxy(server.port)
    cleanups.push(() => proxy.close())
    const client = await connect(proxy.url)
    await client.hello()
    proxy.drop()
    const closed = await client.closed
    expect(closed.code).not.toBe(1000)
  })
})

describe("waitFor", () => {
  it("resolves with the first value the check gives, and names what timed out", async () => {
    let calls = 0
    await expect(waitFor(() => (++calls >= 3 ? calls : undefined), "three calls")).resolves.toBe(3)
    await expect(waitFor(() => false, "a thing that never happens", 20)).rejects.toThrow(
      "Timed out waiting for a thing that never happens",
    )
  })
})
