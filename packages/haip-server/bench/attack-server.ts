// The server side of memory-attacks.ts, in its own process so that its memory is measured
// alone: a HAIPServer with the test `script` tool (it echoes), options as JSON in argv[2].
// Answers { type: "memory" } with process.memoryUsage() after a full GC.
import { HAIPServer, type HAIPServerOptions } from "../src/index.js"
import { ScriptTool } from "../src/testdata/tools.js"

const options = JSON.parse(process.argv[2] ?? "{}") as HAIPServerOptions
const server = new HAIPServer({ ...options, port: 0, host: "127.0.0.1" })
server.registerTool(new ScriptTool())
await server.start()
process.send?.({ port: server.port })
process.on("message", (message: { type: string }) => {
  if (message.type === "memory") {
    // Twice: the first pass can leave garbage that only a second one finds (weak maps, finalizers).
    global.gc?.()
    global.gc?.()
    process.send?.({ memory: process.memoryUsage(), stats: server.getStats() })
  }
  if (message.type === "stop") server.stop().then(() => process.exit(0))
})
