import { startTestServer, type TestServer, waitFor } from "@aichatkit/haip-server/testing"
import { afterEach, describe, expect, it } from "vitest"
import { createHAIPClient, type HAIPClientImpl } from "./client.js"
import type { HAIPMessage } from "./types.js"

const cleanups: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function connected(): Promise<{ server: TestServer; client: HAIPClientImpl }> {
  const server = await startTestServer()
  cleanups.push(() => server.close())
  const client = createHAIPClient({ url: server.url, heartbeatInterval: 0, token: "Bearer TOKEN" })
  cleanups.push(() => client.disconnect())
  await client.connect()
  return { server, client }
}

describe("HAIPTransaction.regenerate", () => {
  it("reads the server's regenerate_last, and asks it to answer the last message again in the run named", async () => {
    const { client } = await connected()
    expect(client.serverInfo?.regenerateLast).toBe(true)
    const transaction = await client.startTransaction("script")
    const frames: HAIPMessage[] = []
    transaction.on("message", (message) => frames.push(message))
    await transaction.sendTextMessage("whole")
    await waitFor(() => frames.some((frame) => frame.type === "RUN_FINISHED"), "the first run")
    await transaction.regenerate("run-again")
    await waitFor(
      () => frames.some((frame) => frame.type === "RUN_FINISHED" && frame.run_id === "run-again"),
      "the regenerated run",
    )
    const again = frames.filter((frame) => frame.run_id === "run-again")
    expect(again.map((frame) => frame.type)).toEqual(["RUN_STARTED", "MESSAGE", "RUN_FINISHED"])
    expect(again[1]?.payload).toBe("a whole answer")
  })
})
