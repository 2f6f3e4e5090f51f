// The memory attacks of issue 13 (items 1-3) against a HAIPServer in a child process, printing
// its memory before and after each, and how a second client was served meanwhile.
// Run: npm run attacks -w @aichatkit/haip-server (the issue's sizes; SIZE=ci for the test's).
// src/memory-attacks.test.ts runs the same at the CI size and asserts the figures.
import { type ChildProcess, fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { HAIPServerOptions } from "../src/index.js"
import { RawClient } from "../src/testdata/raw-client.js"

const MiB = 1024 * 1024

/** How big each attack is. */
export interface AttackSizes {
  /** One connection, `transactions` transactions, `messages` messages of `bytes` in each. */
  flood: { transactions: number; messages: number; bytes: number }
  /** A window of `messages` × `bytes`, then the client stops reading and asks `requests` replays. */
  replay: { messages: number; bytes: number; requests: number }
  /** `connections` clients one after another, each `messages` × `bytes`, each leaving. */
  departures: { connections: number; messages: number; bytes: number }
}

/** The sizes of the issue's report (600 MB floods, 40 replays, 40 departures). */
export const ISSUE_SIZES: AttackSizes = {
  flood: { transactions: 3, messages: 200, bytes: 1_000_000 },
  replay: { messages: 16, bytes: 1_000_000, requests: 40 },
  departures: { connections: 40, messages: 16, bytes: 1_000_000 },
}

/** Small enough for CI (a few seconds each), big enough that an unbounded server fails. */
export const CI_SIZES: AttackSizes = {
  flood: { transactions: 3, messages: 40, bytes: 256 * 1024 },
  replay: { messages: 32, bytes: 256 * 1024, requests: 40 },
  departures: { connections: 12, messages: 24, bytes: 256 * 1024 },
}

/** The server process's memory after a full GC, in bytes. */
export interface MemoryFigures {
  rss: number
  heapUsed: number
  external: number
}

export interface AttackResult {
  name: string
  before: MemoryFigures
  after: MemoryFigures
  /** Bytes the server's budget counted as kept at the end. */
  keptBytes: number
  /** Round trips of the other client during the attack, and the slowest. */
  probes: { answered: number; slowestMs: number }
}

/** Heap plus memory outside it (socket buffers are there): what the server holds. */
export const held = (figures: MemoryFigures) => figures.heapUsed + figures.external

class AttackServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(options: HAIPServerOptions): Promise<AttackServer> {
    const child = fork(
      fileURLToPath(new URL("./attack-server.ts", import.meta.url)),
      [JSON.stringify(options)],
      {
        execArgv: ["--import", "tsx", "--conditions=@aichatkit/source", "--expose-gc"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    )
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      child.once("message", (message) => resolve(message as { port: number }))
      child.once("exit", (code) => reject(new Error(`the attack server exited (${code})`)))
    })
    return new AttackServer(child, `ws://127.0.0.1:${port}`)
  }

  memory(): Promise<{ memory: MemoryFigures; stats: { keptBytes: number } }> {
    return new Promise((resolve) => {
      this.child.once("message", (answer) => resolve(answer as never))
      this.child.send({ type: "memory" })
    })
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve))
    this.child.send({ type: "stop" })
    await exited
  }
}

async function readyClient(url: string) {
  const client = await RawClient.connect(url)
  await client.hello()
  return { client, transaction: await client.startTransaction("script") }
}

/** Sends `count` messages of `bytes` and waits for the echo of the last one. */
async function flood(client: RawClient, transaction: string, count: number, bytes: number) {
  const from = client.mark()
  const body = "x".repeat(bytes)
  for (let index = 0; index < count; index++) {
    client.send({ type: "MESSAGE", transaction, payload: `${index}:${body}` })
  }
  await client.waitFor(
    (frame) => frame.type === "MESSAGE" && String(frame.payload).startsWith(`echo: ${count - 1}:`),
    from,
    60_000,
  )
}

/** A second client that keeps asking for an echo while `work` runs: the server must answer. */
async function probeWhile(url: string, work: () => Promise<void>) {
  const { client, transaction } = await readyClient(url)
  let done = false
  let answered = 0
  let slowestMs = 0
  const ask = async () => {
    const started = Date.now()
    const from = client.mark()
    client.send({ type: "MESSAGE", transaction, payload: `probe ${answered}` })
    await client.waitFor((frame) => frame.payload === `echo: probe ${answered}`, from, 15_000)
    answered += 1
    slowestMs = Math.max(slowestMs, Date.now() - started)
  }
  const probing = (async () => {
    while (!done) {
      await ask()
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  try {
    await work()
  } finally {
    done = true
  }
  await probing
  // Served after the attack too.
  await ask()
  client.close()
  return { answered, slowestMs }
}

async function measure(
  server: AttackServer,
  name: string,
  attack: (settled: () => Promise<MemoryFigures>) => Promise<void>,
): Promise<AttackResult> {
  const before = (await server.memory()).memory
  let after: MemoryFigures | undefined
  const probes = await probeWhile(server.url, () =>
    attack(async () => {
      after = (await server.memory()).memory
      return after
    }),
  )
  const { stats } = await server.memory()
  return { name, before, after: after ?? before, keptBytes: stats.keptBytes, probes }
}

/** 1: one connection floods three transactions with large messages (history and replay). */
function floodAttack(server: AttackServer, sizes: AttackSizes["flood"]) {
  return measure(server, "flood: one client, big messages in 3 transactions", async (settled) => {
    const { client } = await readyClient(server.url)
    for (let index = 0; index < sizes.transactions; index++) {
      const transaction = await client.startTransaction("script")
      await flood(client, transaction, sizes.messages, sizes.bytes)
    }
    await settled()
    client.kill()
  })
}

/** 2: a client fills its window, stops reading and asks for replays. */
function replayAttack(server: AttackServer, sizes: AttackSizes["replay"]) {
  return measure(
    server,
    "replay: a client that stops reading asks for replays",
    async (settled) => {
      const { client, transaction } = await readyClient(server.url)
      await flood(client, transaction, sizes.messages, sizes.bytes)
      client.socket.pause()
      for (let index = 0; index < sizes.requests; index++) {
        client.send({ type: "REPLAY_REQUEST", channel: "SYSTEM", payload: { from_seq: "1" } })
      }
      // The server reads a socket's data before the next turn of its loop: a second client's
      // round trips after the requests were sent mean they were read (or reading was paused).
      const { client: other, transaction: otherTransaction } = await readyClient(server.url)
      for (let index = 0; index < 5; index++) {
        const from = other.mark()
        other.send({ type: "MESSAGE", transaction: otherTransaction, payload: `after ${index}` })
        await other.waitFor((frame) => frame.payload === `echo: after ${index}`, from)
      }
      other.close()
      await settled()
      client.kill()
    },
  )
}

/** 3: clients one after another fill their window and leave. */
function departuresAttack(server: AttackServer, sizes: AttackSizes["departures"]) {
  return measure(server, "departures: clients fill their window and leave", async (settled) => {
    for (let index = 0; index < sizes.connections; index++) {
      const { client, transaction } = await readyClient(server.url)
      await flood(client, transaction, sizes.messages, sizes.bytes)
      client.kill()
      await client.closed
    }
    await settled()
  })
}

/** Runs the three attacks, each against a fresh server started with `options`. */
export async function runMemoryAttacks(
  sizes: AttackSizes,
  options: HAIPServerOptions = {},
): Promise<AttackResult[]> {
  const results: AttackResult[] = []
  const attacks = [
    (server: AttackServer) => floodAttack(server, sizes.flood),
    (server: AttackServer) => replayAttack(server, sizes.replay),
    (server: AttackServer) => departuresAttack(server, sizes.departures),
  ]
  for (const attack of attacks) {
    const server = await AttackServer.start(options)
    try {
      results.push(await attack(server))
    } finally {
      await server.stop()
    }
  }
  return results
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`

/** The figures as a table. */
export function formatResults(results: AttackResult[]): string {
  const lines = results.map(
    (result) =>
      `${result.name}\n  RSS ${mib(result.before.rss)} -> ${mib(result.after.rss)}; heap+external ${mib(held(result.before))} -> ${mib(held(result.after))}; budget counts ${mib(result.keptBytes)}; other client: ${result.probes.answered} answers, slowest ${result.probes.slowestMs} ms`,
  )
  return lines.join("\n")
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.env.SIZE === "ci" ? CI_SIZES : ISSUE_SIZES
  console.log(formatResults(await runMemoryAttacks(sizes)))
}
