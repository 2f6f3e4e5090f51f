import { afterEach, describe, expect, it, vi } from "vitest"
import { loadedUpFront as inputsUpFront } from "../../../scripts/bundle-graph.mjs"

import { HAIPAdapter } from "./haip-adapter.js"
import { startTestServer } from "./testdata/servers.js"

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The source files a bundle of `contents`, resolved from this folder, loads up front. */
const loadedUpFront = (contents: string) =>
  inputsUpFront(contents, new URL(".", import.meta.url).pathname)

describe("the code a page with HAIPAdapter loads up front", () => {
  it("is the adapter and the client's API: the turns, the codec and the connection core load later", async () => {
    const upFront = await loadedUpFront(
      'import { HAIPAdapter } from "./index.ts"\nglobalThis.adapter = HAIPAdapter',
    )
    expect(upFront.some((input) => input.endsWith("src/haip-adapter.ts"))).toBe(true)
    expect(upFront.some((input) => input.endsWith("haip-client/src/client.ts"))).toBe(true)
    // The turns, loaded when the first agent starts (turns.ts).
    for (const own of [
      "src/turns.ts",
      "src/turn.ts",
      "src/decode.ts",
      "src/voice.ts",
      "src/files.ts",
    ]) {
      expect(upFront).not.toContain(own)
    }
    for (const lazy of [
      // The client's connection core, loaded at its first connect().
      "haip-client/src/connection-core.ts",
      "haip-client/src/link.ts",
      "haip-client/src/flow-control.ts",
      // What the client's package root re-exports, reached only from the turns.
      "haip-client/src/frames.ts",
      "haip-client/src/payloads.ts",
      "haip-client/src/sequencer.ts",
      "haip-client/src/turn.ts",
      "haip-client/src/utils.ts",
    ]) {
      expect(upFront.filter((input) => input.endsWith(lazy))).toEqual([])
    }
  })
})

describe("the turns' code", () => {
  it("fails a turn with a retryable CONNECTION_FAILED when it cannot load, and loads on the next turn", async () => {
    const server = await startTestServer()
    cleanups.push(() => server.close())
    vi.doMock("./turns.js", () => {
      throw new Error("the network is down")
    })
    const adapter = new HAIPAdapter({ url: server.url, token: "Bearer TOKEN", tool: "demo" })
    cleanups.push(() => adapter.close())
    const agentId = await adapter.startChatAgent()
    await expect(adapter.sendMessage(agentId, "hello")).rejects.toMatchObject({
      code: "CONNECTION_FAILED",
      retryable: true,
      message: expect.stringContaining("running turns could not be loaded"),
    })
    vi.doUnmock("./turns.js")
    const response = await adapter.sendMessage(agentId, "hello")
    expect(
      response.items.some((item) => item.type === "message" && item.role === "assistant"),
    ).toBe(true)
  })
})
