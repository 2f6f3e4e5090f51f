/** Instances of haip-server on one real Redis, behind a round-robin proxy, closed after each test. */
import { spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import { fileURLToPath } from "node:url"
import { afterAll, afterEach, beforeAll } from "vitest"
import { redisStore } from "../redis/index.js"
import { HAIPServer, type HAIPServerOptions } from "../server.js"
import type { SessionStore } from "../session-store.js"
import { startRedisServer, type TestRedis } from "../testing/redis-server.js"
import { startProxy, type TestProxy } from "../testing/test-server.js"
import { RawClient } from "./raw-client.js"
import { ScriptTool } from "./tools.js"

let redis: TestRedis | undefined
const cleanups: Array<() => Promise<void> | void> = []

/** Starts redis-server for the file; fails (never skips) when there is none. */
export function useRedis(): () => TestRedis {
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  return () => {
    if (!redis) throw new Error("redis-server did not start")
    return redis
  }
}

/** A store on the test's Redis; keys under a prefix of its own so tests do not meet. */
export function testStore(url: string, prefix: string, instanceId: string): SessionStore {
  const store = redisStore({ url, prefix, instanceId, heartbeatMs: 200, onError: () => {} })
  cleanups.push(() => store.close())
  return store
}

/** Started instances in this process, each with its own store on one Redis. */
export async function startInstances(
  url: string,
  count: number,
  options: HAIPServerOptions = {},
): Promise<{ servers: HAIPServer[]; prefix: string }> {
  const prefix = `test-${randomUUID()}:`
  const servers: HAIPServer[] = []
  for (let index = 0; index < count; index++) {
    const store = testStore(url, prefix, `instance-${index}`)
    const server = new HAIPServer({ port: 0, host: "127.0.0.1", store, ...options })
    server.registerTool(new ScriptTool())
    await server.start()
    cleanups.push(() => server.stop())
    servers.push(server)
  }
  return { servers, prefix }
}

/**
 * Two instances on one Redis: `home` holds one session whose client left, so a resume on
 * `relaying` is relayed to it. Client-first, so the home's HAI comes once the shared store has the
 * session. Both stop after the test.
 */
export async function startRelayPair(
  url: string,
  options: { home?: HAIPServerOptions; relaying?: HAIPServerOptions },
): Promise<{ home: HAIPServer; relaying: HAIPServer; session: string }> {
  const prefix = `relay-${randomUUID()}:`
  const start = async (instanceId: string, instanceOptions: HAIPServerOptions | undefined) => {
    const store = testStore(url, prefix, instanceId)
    const server = new HAIPServer({
      port: 0,
      host: "127.0.0.1",
      store,
      handshake: "client-first",
      ...instanceOptions,
    })
    server.registerTool(new ScriptTool())
    await server.start()
    cleanups.push(() => server.stop())
    return server
  }
  const home = await start("home", options.home)
  const relaying = await start("relaying", options.relaying)
  const first = await RawClient.connect(home.url)
  const session = (await first.hello()).session
  first.kill()
  await first.closed
  return { home, relaying, session }
}

/** A proxy sending each new connection to the next port in turn. */
export async function roundRobin(ports: number[]): Promise<TestProxy> {
  const proxy = await startProxy(ports)
  cleanups.push(() => proxy.close())
  return proxy
}

export async function connectTo(url: string): Promise<RawClient> {
  const client = await RawClient.connect(url)
  cleanups.push(() => client.kill())
  return client
}

/** An instance in a child process (so a test can kill it), on `prefix` keys. */
export async function spawnInstance(
  url: string,
  prefix: string,
  instanceId: string,
): Promise<{ port: number; kill(): Promise<void> }> {
  const script = fileURLToPath(new URL("./redis-instance.ts", import.meta.url))
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@aichatkit/source", script, url, instanceId],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, HAIP_PREFIX: prefix } },
  )
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
    await exited
  }
  cleanups.push(kill)
  const port = await new Promise<number>((resolve, reject) => {
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const match = /port (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.once("exit", (code) => reject(new Error(`the instance exited (${code}): ${output}`)))
  })
  return { port, kill }
}
