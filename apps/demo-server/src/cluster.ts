// `npm run start:cluster -w @aichatkit/demo-server`: two demo-server instances on Redis
// (REDIS_URL, default redis://127.0.0.1:6379) behind a round-robin TCP proxy on PORT (8787),
// to try resume across instances by hand: each new connection goes to the next instance.
import { type ChildProcess, spawn } from "node:child_process"
import { createServer, Socket } from "node:net"
import { fileURLToPath } from "node:url"

const port = Number(process.env.PORT ?? 8787)
const host = process.env.HOST ?? "127.0.0.1"
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"
const ports = [port + 1, port + 2]
const main = fileURLToPath(new URL("./main.ts", import.meta.url))

const instances: ChildProcess[] = ports.map((instancePort) =>
  spawn(process.execPath, ["--import", "tsx", "--conditions=@aichatkit/source", main], {
    stdio: "inherit",
    env: { ...process.env, PORT: String(instancePort), HOST: host, REDIS_URL: redisUrl },
  }),
)

let turn = 0
const proxy = createServer((client) => {
  const target = ports[turn++ % ports.length]!
  const upstream = new Socket()
  client.setNoDelay(true)
  upstream.setNoDelay(true)
  upstream.connect(target, host)
  client.pipe(upstream)
  upstream.pipe(client)
  const close = () => {
    client.destroy()
    upstream.destroy()
  }
  for (const socket of [client, upstream]) socket.on("error", close).on("close", close)
})
proxy.listen(port, host, () => {
  console.log(
    `round-robin proxy on http://${host}:${port} → instances on ports ${ports.join(", ")}`,
  )
})

const stop = () => {
  proxy.close()
  for (const instance of instances) instance.kill("SIGTERM")
  process.exit(0)
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
