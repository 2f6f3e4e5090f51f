/**
 * Test support: our HAIP server on 127.0.0.1 with a scripted tool, and a TCP proxy whose
 * connections a test can cut to drop a link from the server's side.
 */
import { createServer, type Server, Socket } from "node:net"
import {
  HAIPServer,
  type HAIPServerOptions,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
} from "@aichatkit/haip-server"

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Answers by the first word of the message: `whole` (one MESSAGE), `stream N` (N parts),
 * `count N` (N whole MESSAGEs "1".."N"), `tool` (a call with progress), `card`, `slow`
 * (parts every 20 ms until cancelled), `fail` (the handler throws), anything else: echo.
 */
export class ScriptTool extends HAIPTool {
  schema(): HAIPToolSchema {
    return {
      name: "script",
      description: "Scripted answers for tests",
      inputSchema: { type: "string" },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(
    client: HAIPSessionTransaction,
    message: { payload: unknown },
  ): Promise<void> {
    const text = String(message.payload)
    const [command, argument] = text.split(" ")
    const count = Number(argument ?? 0)
    switch (command) {
      case "whole":
        this.sendTextMessage(client, "a whole answer")
        return
      case "stream": {
        const id = this.startMessage(client)
        for (let index = 1; index <= count; index++) this.sendMessagePart(client, id, `${index} `)
        this.endMessage(client, id)
        return
      }
      case "count":
        for (let index = 1; index <= count; index++) this.sendTextMessage(client, String(index))
        return
      case "paced": {
        const id = this.startMessage(client)
        for (let index = 1; index <= count; index++) {
          if (client.signal.aborted) break
          this.sendMessagePart(client, id, `${index} `)
          await sleep(5)
        }
        this.endMessage(client, id)
        return
      }
      case "tool": {
        const callId = this.callTool(client, "weather", { city: "Oslo" })
        this.updateTool(client, callId, "RUNNING", 50)
        this.completeTool(client, callId, "OK", { temperature: 21 })
        this.sendTextMessage(client, "It is 21 degrees.")
        return
      }
      case "card":
        this.sendCard(client, {
          id: "card-1",
          type: "weather",
          title: "Oslo",
          content: { temperature: 21 },
          actions: [
            { id: "refresh", label: "Refresh", type: "button", action: "refresh" },
            { id: "more", label: "More", type: "link", action: "https://example.com/oslo" },
          ],
        })
        return
      case "slow": {
        const id = this.startMessage(client)
        for (let index = 0; index < 500 && !client.signal.aborted; index++) {
          this.sendMessagePart(client, id, "tick ")
          await sleep(20)
        }
        return
      }
      case "fail":
        throw new Error("the scripted tool failed")
      default:
        this.sendTextMessage(client, `echo: ${text}`)
    }
  }
}

/** A running server and the URLs to reach it. */
export interface TestServer {
  server: HAIPServer
  port: number
  wsUrl: string
  httpUrl: string
  close(): Promise<void>
}

/** Starts our server on 127.0.0.1:0 with {@link ScriptTool} and a token check. */
export async function startTestServer(
  options: HAIPServerOptions = {},
  port = 0,
): Promise<TestServer> {
  const server = new HAIPServer({ port, host: "127.0.0.1", heartbeatInterval: 0, ...options })
  server.authenticate((request: { token?: string }) =>
    request.token === "Bearer TOKEN" || request.token === "TOKEN"
      ? { id: "user-1", permissions: { "*": ["*"] }, credits: 1000 }
      : null,
  )
  server.registerTool(new ScriptTool())
  await server.start()
  const actual = server.port
  return {
    server,
    port: actual,
    wsUrl: `ws://127.0.0.1:${actual}`,
    httpUrl: `http://127.0.0.1:${actual}`,
    close: () => server.stop(),
  }
}

/** A TCP proxy in front of a port; `drop()` cuts every connection through it. */
export interface TestProxy {
  port: number
  url: string
  drop(): void
  close(): Promise<void>
}

export async function startProxy(targetPort: number): Promise<TestProxy> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = new Socket()
    sockets.add(client)
    sockets.add(upstream)
    upstream.connect(targetPort, "127.0.0.1")
    client.pipe(upstream)
    upstream.pipe(client)
    const forget = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on("error", forget)
    upstream.on("error", forget)
    client.on("close", forget)
    upstream.on("close", forget)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : 0
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    drop() {
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
