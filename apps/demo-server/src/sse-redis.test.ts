/**
 * SSE resume across two demo-server instances on one real Redis (started here; the file fails
 * when there is none), behind a proxy that sends each connection to the next instance.
 */
import { spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import { fileURLToPath } from "node:url"
import { redisStore } from "@aichatkit/haip-server/redis"
import { startProxy, startRedisServer, type TestRedis } from "@aichatkit/haip-server/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createDemoServer, type DemoServer } from "./server.js"

let redis: TestRedis
const closers: Array<() => Promise<void>> = []

beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  for (const close of closers.reverse()) await close()
  await redis.stop()
})

async function startInstance(prefix: string, name: string): Promise<DemoServer> {
  const store = redisStore({ url: redis.url, prefix, instanceId: name, onError: () => {} })
  const server = await createDemoServer({ tokenDelayMs: 2, store })
  closers.push(async () => {
    await server.close()
    await store.close()
  })
  return server
}

interface Frame {
  id?: string
  event?: string
  data: string
}

/** The complete SSE events in `text` (a block ends with a blank line; comments skipped). */
function complete(text: string): Frame[] {
  const blocks = text.split("\n\n").slice(0, -1)
  return blocks
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const frame: Frame = { data: "" }
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(": ")
        if (field === "id") frame.id = rest.join(": ")
        else if (field === "event") frame.event = rest.join(": ")
        else if (field === "data") frame.data = rest.join(": ")
      }
      return frame
    })
}

/**
 * POSTs the turn (with `Last-Event-ID` when resuming) and reads events until `stopAfter` new
 * ones came (then drops the connection) or the stream ends.
 */
async function read(
  url: string,
  sessionId: string,
  lastEventId: string,
  stopAfter: number,
  controller = new AbortController(),
  /** Called once the first event came. */
  onFirst: () => void = () => {},
) {
  const response = await fetch(`${url}/chat`, {
    method: "POST",
    headers: {
      Accept: "text/event-stream",
      "Content-Type": "application/json",
      ...(lastEventId ? { "Last-Event-ID": lastEventId } : {}),
    },
    body: JSON.stringify({ message: "slow story please", session_id: sessionId }),
    signal: controller.signal,
  })
  expect(response.status).toBe(200)
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ""
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return { frames: complete(text), ended: true }
    text += decoder.decode(value, { stream: true })
    if (complete(text).length > 0) onFirst()
    if (complete(text).length >= stopAfter) {
      controller.abort()
      return { frames: complete(text), ended: false }
    }
  }
}

describe("SSE resume through Redis", () => {
  it("resumes a run from the other instance after each dropped stream: nothing lost or repeated", async () => {
    const prefix = `sse-test-${randomUUID()}:`
    const instances = [await startInstance(prefix, "a"), await startInstance(prefix, "b")]
    const proxy = await startProxy(instances.map((instance) => instance.port))
    closers.push(() => proxy.close())
    const url = `http://127.0.0.1:${proxy.port}`
    const sessionId = randomUUID()
    const received: Frame[] = []
    let ended = false
    let drops = 0
    while (!ended) {
      const part = await read(url, sessionId, received.at(-1)?.id ?? "", 3)
      received.push(...part.frames)
      ended = part.ended
      if (!ended) drops += 1
    }
    expect(drops).toBeGreaterThanOrEqual(5)
    const runId = received[0]!.id!.split(":")[0]
    expect(received.map((frame) => frame.id)).toEqual(
      received.map((_, index) => `${runId}:${index}`),
    )
    expect(received.at(-1)).toMatchObject({ event: "done" })
  }, 30_000)

  it("ends a resumed stream with an error event when the instance running the run dies", async () => {
    // `npm start`'s main.ts on REDIS_URL, in a child process so it can be killed mid-run.
    const main = fileURLToPath(new URL("./main.ts", import.meta.url))
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=@aichatkit/source", main],
      {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, PORT: "0", REDIS_URL: redis.url },
      },
    )
    const exited = new Promise((resolve) => child.once("exit", resolve))
    closers.push(async () => {
      child.kill("SIGKILL")
      await exited
    })
    const childPort = await new Promise<number>((resolve, reject) => {
      let output = ""
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString()
        const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output)
        if (match) resolve(Number(match[1]))
      })
      child.once("exit", (code) => reject(new Error(`main.ts exited (${code}): ${output}`)))
    })
    // main.ts keeps its keys under the default prefix: the other instance uses it too.
    const other = await startInstance("haip:", "survivor")
    const proxy = await startProxy([childPort, other.port])
    closers.push(() => proxy.close())
    const url = `http://127.0.0.1:${proxy.port}`
    const sessionId = randomUUID()
    const before = await read(url, sessionId, "", 3)
    expect(before.ended).toBe(false)
    child.kill("SIGKILL")
    await exited

    const after = await read(url, sessionId, before.frames.at(-1)!.id!, Number.POSITIVE_INFINITY)
    expect(after.ended).toBe(true)
    const all = [...before.frames, ...after.frames]
    const runId = all[0]!.id!.split(":")[0]
    expect(all.map((frame) => frame.id)).toEqual(all.map((_, index) => `${runId}:${index}`))
    expect(all.slice(-2).map((frame) => frame.event)).toEqual(["error", "done"])
    expect(JSON.parse(all.at(-2)!.data).error).toMatch(/stopped before it finished/)
  }, 30_000)

  it("ends a relayed stream when Redis restarts, without a crash; resuming again finishes the run", async () => {
    const prefix = `sse-test-${randomUUID()}:`
    const instances = [await startInstance(prefix, "a"), await startInstance(prefix, "b")]
    const proxy = await startProxy(instances.map((instance) => instance.port))
    closers.push(() => proxy.close())
    const url = `http://127.0.0.1:${proxy.port}`
    const sessionId = randomUUID()
    const received: Frame[] = []
    const first = await read(url, sessionId, "", 3)
    received.push(...first.frames)
    // This resume lands on instance b, which follows a's run through Redis.
    let following: () => void = () => {}
    const streaming = new Promise<void>((resolve) => {
      following = resolve
    })
    const relayed = read(
      url,
      sessionId,
      received.at(-1)!.id!,
      Number.POSITIVE_INFINITY,
      new AbortController(),
      () => following(),
    )
    await streaming
    await redis.restart()
    const cut = await relayed
    received.push(...cut.frames)
    // Resuming again lands on a, which holds the run: the rest arrives, nothing repeated.
    while (received.at(-1)?.event !== "done") {
      const part = await read(url, sessionId, received.at(-1)!.id!, Number.POSITIVE_INFINITY)
      received.push(...part.frames)
      if (part.frames.length === 0) break
    }
    const runId = received[0]!.id!.split(":")[0]
    expect(received.map((frame) => frame.id)).toEqual(
      received.map((_, index) => `${runId}:${index}`),
    )
    expect(received.at(-1)).toMatchObject({ event: "done" })
    // Both instances still answer.
    for (const instance of instances) {
      expect((await fetch(`${instance.url}/_api/workflows`)).status).toBe(200)
    }
  }, 30_000)

  it("answers 204 for a run no instance has", async () => {
    const prefix = `sse-test-${randomUUID()}:`
    const instance = await startInstance(prefix, "solo")
    const response = await fetch(`${instance.url}/chat`, {
      method: "POST",
      headers: {
        Accept: "text/event-stream",
        "Content-Type": "application/json",
        "Last-Event-ID": `${randomUUID()}:3`,
      },
      body: JSON.stringify({ message: "x", session_id: "nobody" }),
    })
    expect(response.status).toBe(204)
  })
})
