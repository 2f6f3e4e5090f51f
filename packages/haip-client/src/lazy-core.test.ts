import { startTestServer } from "@aichatkit/haip-server/testing"
import { afterEach, describe, expect, it, vi } from "vitest"
import { loadedUpFront as inputsUpFront } from "../../../scripts/bundle-graph.mjs"
import { createHAIPClient } from "./client.js"

const cleanups: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The source files a bundle of `contents`, resolved from this folder, loads up front. */
const loadedUpFront = (contents: string) =>
  inputsUpFront(contents, new URL(".", import.meta.url).pathname)

describe("the code a page with a HAIP client loads up front", () => {
  it("is the client's API: the connection core and every transport load at the first connect()", async () => {
    const upFront = await loadedUpFront(
      'import { createHAIPClient } from "./index.ts"\nglobalThis.client = createHAIPClient',
    )
    expect(upFront.some((input) => input.endsWith("src/client.ts"))).toBe(true)
    expect(upFront.some((input) => input.endsWith("src/connection.ts"))).toBe(true)
    for (const lazy of [
      "src/connection-core.ts",
      "src/link.ts",
      "src/handshake.ts",
      "src/inbox.ts",
      "src/outbox.ts",
      "src/flow-control.ts",
      "src/reconnect.ts",
      "transports/websocket.ts",
      "transports/sse.ts",
      "transports/http-streaming.ts",
      "eventsource-parser",
    ]) {
      expect(upFront.filter((input) => input.includes(lazy))).toEqual([])
    }
  })
})

describe("a client before its connection code is loaded", () => {
  it("is idle: not connected, no session, unlimited credits, sends refused", async () => {
    const instance = createHAIPClient({ url: "ws://127.0.0.1:9" })
    expect(instance.phase).toBe("idle")
    expect(instance.isConnected()).toBe(false)
    expect(instance.serverInfo).toBeUndefined()
    const state = instance.getConnectionState()
    expect(state).toMatchObject({
      connected: false,
      sessionId: "",
      lastAck: "0",
      reconnectAttempts: 0,
    })
    expect(state.credits.get("USER")).toBe(Number.POSITIVE_INFINITY)
    await expect(
      instance.sendMessage({ type: "PING", channel: "SYSTEM", payload: {} }),
    ).rejects.toMatchObject({ code: "NOT_CONNECTED" })
  })

  it("sends what is sent while the first connect() loads it, after the handshake", async () => {
    const server = await startTestServer()
    cleanups.push(() => server.close())
    const instance = createHAIPClient({
      url: server.url,
      token: "Bearer TOKEN",
      heartbeatInterval: 0,
    })
    cleanups.push(() => instance.disconnect())
    const connected = instance.connect()
    expect(instance.phase).toBe("connecting")
    const transaction = instance.startTransaction("script")
    await connected
    await expect(transaction).resolves.toMatchObject({ id: expect.any(String) })
  })

  it("fails the connect() that a disconnect() overtakes while it loads, and stays closed", async () => {
    const instance = createHAIPClient({ url: "ws://127.0.0.1:9" })
    const errors: string[] = []
    const events: string[] = []
    instance.on("error", (error) => errors.push(error.code))
    instance.on("disconnect", () => events.push("disconnect"))
    const connected = instance.connect()
    await instance.disconnect()
    await expect(connected).rejects.toMatchObject({ code: "CONNECTION_FAILED" })
    expect(instance.phase).toBe("closed")
    expect(errors).toEqual(["CONNECTION_FAILED"])
    expect(events).toEqual(["disconnect"])
  })

  it("fails connect() with CONNECTION_FAILED when it cannot be loaded, and loads at the next connect()", async () => {
    const server = await startTestServer()
    cleanups.push(() => server.close())
    vi.doMock("./connection-core.js", () => {
      throw new Error("the network is down")
    })
    const instance = createHAIPClient({
      url: server.url,
      token: "Bearer TOKEN",
      heartbeatInterval: 0,
    })
    cleanups.push(() => instance.disconnect())
    const errors: string[] = []
    instance.on("error", (error) => errors.push(error.code))
    await expect(instance.connect()).rejects.toMatchObject({ code: "CONNECTION_FAILED" })
    expect(errors).toEqual(["CONNECTION_FAILED"])
    expect(instance.phase).toBe("closed")
    vi.doUnmock("./connection-core.js")
    await instance.connect()
    expect(instance.isConnected()).toBe(true)
  })
})
