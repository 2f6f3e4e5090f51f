// Benchmark: 1,000 concurrent HAIP sessions streaming from one server process (or, with
// STORE=redis, from INSTANCES server processes sharing a real redis-server, each session on
// one of them in turn). Prints messages per second, latency from the server's send (frame `ts`)
// to the client's receipt (p50/p99), and the servers' memory (and Redis's). Run:
// npm run bench -w @aichatkit/haip-server; npm run bench:stores for the three store set-ups.
import { fork } from "node:child_process"
import { randomUUID } from "node:crypto"
import { fileURLToPath } from "node:url"
import { Redis } from "ioredis"
import WebSocket from "ws"
import { startRedisServer } from "../src/testing/redis-server.js"

const SESSIONS = Number(process.env.SESSIONS ?? 1000)
const here = fileURLToPath(new URL(".", import.meta.url))

const STORE = process.env.STORE === "redis" ? "redis" : "memory"
const INSTANCES = STORE === "redis" ? Number(process.env.INSTANCES ?? 1) : 1
const redis = STORE === "redis" ? await startRedisServer() : undefined
const children = Array.from({ length: INSTANCES }, () =>
  fork(`${here}bench-server.ts`, [], {
    execArgv: ["--import", "tsx", "--conditions=@aichatkit/source", "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, ...(redis ? { REDIS_URL: redis.url } : {}) },
  }),
)
type Memory = { memory: NodeJS.MemoryUsage; stats: unknown }
const askOne = <T>(child: (typeof children)[number], message: object) =>
  new Promise<T>((resolve) => {
    child.once("message", (answer) => resolve(answer as T))
    child.send(message)
  })
/** Every instance's memory, added up. */
const ask = async (message: object): Promise<Memory> => {
  const answers = await Promise.all(children.map((child) => askOne<Memory>(child, message)))
  const rss = answers.reduce((total, answer) => total + answer.memory.rss, 0)
  const heapUsed = answers.reduce((total, answer) => total + answer.memory.heapUsed, 0)
  return {
    memory: { ...answers[0]!.memory, rss, heapUsed },
    stats: answers.map((answer) => answer.stats),
  }
}
const ports = await Promise.all(
  children.map(
    (child) =>
      new Promise<number>((resolve) =>
        child.once("message", (m) => resolve((m as { port: number }).port)),
      ),
  ),
)
const redisClient = redis ? new Redis(redis.url) : undefined
const redisMemory = async () => {
  const info = (await redisClient?.info("memory")) ?? ""
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0)
}
let opened = 0

interface Session {
  socket: WebSocket
  transaction: string
  send(frame: Record<string, unknown>): void
  onFrame?: (frame: {
    type: string
    ts: string
    channel: string
    transaction: string
    payload: unknown
  }) => void
}

async function open(): Promise<Session> {
  const port = ports[opened++ % ports.length]
  const socket = new WebSocket(`ws://127.0.0.1:${port}`)
  let seq = 0
  let consumed = 0
  let lastSeq = "0"
  const session: Session = {
    socket,
    transaction: "",
    send(frame) {
      seq += 1
      socket.send(
        JSON.stringify({
          id: randomUUID(),
          transaction: "null",
          seq: String(seq),
          ts: String(Date.now()),
          channel: "USER",
          payload: {},
          ...frame,
        }),
      )
    },
  }
  socket.on("message", (data) => {
    const frame = JSON.parse(data.toString())
    if (frame.seq !== "0") lastSeq = frame.seq
    if (frame.channel === "AGENT" && ++consumed >= 200) {
      // Credits back, with the cumulative ack a real client sends (it lets the replay window shrink).
      session.send({
        type: "FLOW_UPDATE",
        channel: "SYSTEM",
        ack: lastSeq,
        payload: { channel: "AGENT", add_messages: consumed, add_bytes: consumed * 1024 },
      })
      consumed = 0
    }
    session.onFrame?.(frame)
  })
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject))
  const started = new Promise<string>((resolve) => {
    session.onFrame = (frame) => {
      if (frame.type === "TRANSACTION_START") resolve(frame.transaction)
    }
  })
  session.send({
    type: "HAI",
    channel: "SYSTEM",
    payload: {
      capabilities: {
        flow_control: { initial_credit_messages: 400, initial_credit_bytes: 400 * 1024 },
      },
    },
  })
  session.send({
    type: "TRANSACTION_START",
    channel: "SYSTEM",
    transaction: "tmp",
    payload: { toolName: "bench" },
  })
  session.transaction = await started
  return session
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0
}

async function phase(sessions: Session[], name: string, count: number, intervalMs: number) {
  const latencies: number[] = []
  let received = 0
  const startedAt = performance.now()
  await Promise.all(
    sessions.map(
      (session) =>
        new Promise<void>((resolve) => {
          session.onFrame = (frame) => {
            if (frame.type === "MESSAGE_PART") {
              received += 1
              latencies.push(Date.now() - Number(frame.ts))
            } else if (frame.type === "RUN_FINISHED") resolve()
          }
          session.send({
            type: "MESSAGE",
            transaction: session.transaction,
            payload: `${count} ${intervalMs}`,
          })
        }),
    ),
  )
  const seconds = (performance.now() - startedAt) / 1000
  latencies.sort((a, b) => a - b)
  console.log(
    `${name.padEnd(34)} ${received.toLocaleString("en")} parts in ${seconds.toFixed(2)} s = ${Math.round(received / seconds).toLocaleString("en")} messages/s; latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
  )
}

console.log(`store: ${STORE}, ${INSTANCES} instance(s)`)
const before = await ask({ type: "memory" })
const redisBefore = await redisMemory()
const connectStart = performance.now()
const sessions: Session[] = []
for (let batch = 0; batch < SESSIONS; batch += 100) {
  sessions.push(
    ...(await Promise.all(Array.from({ length: Math.min(100, SESSIONS - batch) }, open))),
  )
}
console.log(
  `${SESSIONS} sessions connected, handshaken, transaction open in ${((performance.now() - connectStart) / 1000).toFixed(2)} s`,
)
const idle = await ask({ type: "memory" })
const redisIdle = await redisMemory()
await phase(sessions, "paced (1 part / 50 ms / session)", 100, 50)
await phase(sessions, "flat out (500 parts / session)", 500, 0)
const after = await ask({ type: "memory" })
const redisAfter = await redisMemory()
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
console.log(
  `server memory: rss ${mib(before.memory.rss)} before, ${mib(idle.memory.rss)} with ${SESSIONS} idle sessions, ${mib(after.memory.rss)} after streaming (heap used ${mib(after.memory.heapUsed)}, replay windows included)`,
)
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
console.log(
  `memory per session: servers ${kib((idle.memory.rss - before.memory.rss) / SESSIONS)} idle, ${kib((after.memory.rss - before.memory.rss) / SESSIONS)} after streaming${redis ? `; Redis ${kib((redisIdle - redisBefore) / SESSIONS)} idle, ${kib((redisAfter - redisBefore) / SESSIONS)} after streaming` : ""}`,
)
console.log("server stats:", JSON.stringify(after.stats))
for (const session of sessions) session.socket.terminate()
await Promise.all(
  children.map(
    (child) =>
      new Promise((resolve) => {
        child.once("exit", resolve)
        child.send({ type: "stop" })
      }),
  ),
)
redisClient?.disconnect()
await redis?.stop()
