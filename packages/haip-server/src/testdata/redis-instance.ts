/**
 * One haip-server instance on a Redis store, as a child process a test can kill:
 * `node --import tsx --conditions=@aichatkit/source redis-instance.ts <redis url> <instance id>`.
 * Prints `port <n>` once it listens.
 */
import { redisStore } from "../redis/index.js"
import { HAIPServer } from "../server.js"
import { ScriptTool } from "./tools.js"

const [url = "", instanceId = "child"] = process.argv.slice(2)
const prefix = process.env.HAIP_PREFIX ?? "haip:"
const store = redisStore({ url, prefix, instanceId, heartbeatMs: 200, onError: () => {} })
const server = new HAIPServer({ port: 0, host: "127.0.0.1", store })
server.registerTool(new ScriptTool())
await server.start()
process.stdout.write(`port ${server.port}\n`)
