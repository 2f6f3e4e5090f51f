/** A test server's life on 127.0.0.1: listening on a free port, and closed with its connections. */
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"

/** Listens on a port the system picks; resolves with the server's URL at `path`. */
export async function listenLocally(server: Server, path: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`
}

/** Ends open connections (a stream a test left waiting) and closes the server. */
export async function closeLocally(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
}
