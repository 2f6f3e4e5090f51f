/** Starting servers and clients for tests, and closing them all afterwards. */
import { afterEach } from "vitest"
import { HAIPServer, type HAIPServerOptions } from "../server.js"
import { RawClient, type RawClientOptions } from "./raw-client.js"
import { ScriptTool } from "./tools.js"

const servers: HAIPServer[] = []
const clients: RawClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.kill()
  await Promise.all(servers.splice(0).map((server) => server.stop()))
})

/** A started server on 127.0.0.1, a free port, with the `script` tool. */
export async function startServer(options: HAIPServerOptions = {}): Promise<HAIPServer> {
  const server = new HAIPServer({ port: 0, host: "127.0.0.1", ...options })
  server.registerTool(new ScriptTool())
  await server.start()
  servers.push(server)
  return server
}

/** A raw WebSocket client, closed after the test. */
export async function connect(server: HAIPServer, path = "/", options: RawClientOptions = {}) {
  const client = await RawClient.connect(`${server.url}${path}`, options)
  clients.push(client)
  return client
}

/** A client past the handshake with a `script` transaction open. */
export async function readyClient(server: HAIPServer, hello: Record<string, unknown> = {}) {
  const client = await connect(server)
  await client.hello(hello)
  const transaction = await client.startTransaction("script")
  return { client, transaction }
}
