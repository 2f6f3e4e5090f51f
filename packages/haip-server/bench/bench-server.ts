// The server side of server.bench.ts, in its own process so clients and server do not share a
// thread. A `bench` tool streams `count` MESSAGE_PARTs, `intervalMs` apart (0: as fast as it can).
// With REDIS_URL set, the server keeps its sessions in Redis (redisStore).
import { setTimeout as sleep } from "node:timers/promises"
import {
  type HAIPMessage,
  HAIPServer,
  type HAIPSessionTransaction,
  HAIPTool,
} from "../src/index.js"
import { redisStore } from "../src/redis/index.js"

class BenchTool extends HAIPTool {
  schema() {
    return { name: "bench", description: "streams numbered parts", inputSchema: { type: "string" } }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const [count, intervalMs] = String(message.payload).split(" ").map(Number)
    const messageId = this.startMessage(client)
    for (let index = 0; index < (count ?? 0); index++) {
      if (intervalMs) await sleep(intervalMs)
      else if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
      this.sendMessagePart(client, messageId, `part ${index} `)
    }
    this.endMessage(client, messageId)
  }
}

const url = process.env.REDIS_URL
const store = url ? redisStore({ url }) : undefined
const server = new HAIPServer({
  port: 0,
  host: "127.0.0.1",
  rateLimit: 0,
  maxConcurrentRuns: 4,
  ...(store ? { store } : {}),
})
server.registerTool(new BenchTool())
await server.start()
process.send?.({ port: server.port })
process.on("message", (message: { type: string }) => {
  if (message.type === "memory") {
    global.gc?.()
    process.send?.({ memory: process.memoryUsage(), stats: server.getStats() })
  }
  if (message.type === "stop") {
    server
      .stop()
      .then(() => store?.close())
      .then(() => process.exit(0))
  }
})
