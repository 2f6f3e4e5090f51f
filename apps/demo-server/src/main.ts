// `npm start` runs this: the demo server on a fixed port for the playground.
import { listFromEnv } from "./origin.js"
import { createDemoServer } from "./server.js"

const port = Number(process.env.PORT ?? 8787)
const host = process.env.HOST ?? "127.0.0.1"
// ALLOWED_ORIGINS / ALLOWED_HOSTS: comma-separated, e.g. a playground on another port.
const server = await createDemoServer({
  port,
  host,
  log: process.env.LOG === "1",
  allowedOrigins: listFromEnv(process.env.ALLOWED_ORIGINS),
  allowedHosts: listFromEnv(process.env.ALLOWED_HOSTS),
})

console.log(`demo-server listening on ${server.url}`)
for (const endpoint of server.endpoints) {
  console.log(`  ${endpoint.name.padEnd(8)} ${endpoint.paths.join("  ")}`)
}

const stop = () => {
  server.close().finally(() => process.exit(0))
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
