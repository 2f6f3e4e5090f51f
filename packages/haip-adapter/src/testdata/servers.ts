/**
 * Test support: our HAIP server on 127.0.0.1 with the scripted demo agent as the `demo` tool
 * (its ChatEvents put on the wire by {@link TurnEncoder}), a `count` tool for bulk tests, and
 * a TCP proxy whose connections a test can cut.
 */
import { createServer, type Server, Socket } from "node:net"
import {
  type HAIPMessage,
  HAIPServer,
  type HAIPServerOptions,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
} from "@aichatkit/haip-server"
import { createScriptedAgent, type ScriptedAgent } from "@aichatkit/testing"
import { TurnEncoder } from "../encode.js"

const runStatus = { ok: "OK", cancelled: "CANCELLED", error: "ERROR" } as const

/** The scripted agent of `@aichatkit/testing` as a HAIP tool. */
export class ScriptedTool extends HAIPTool {
  constructor(private readonly agent: ScriptedAgent) {
    super()
  }

  schema(): HAIPToolSchema {
    return {
      name: "demo",
      description: "The scripted demo agent",
      inputSchema: { type: "string" },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const encoder = new TurnEncoder()
    const events = this.agent.respond({
      agentId: client.transaction.id,
      message: String(message.payload),
      signal: client.signal,
    })
    for await (const event of events) {
      if (event.type === "run-finished") {
        client.finish(runStatus[event.status], event.error?.message)
        return
      }
      for (const frame of encoder.encode(event)) client.send(frame)
    }
  }
}

/** Answers `N` with N whole messages "1".."N", `parts N` with one message of N parts, `paced N` with N parts 5 ms apart. */
export class CountTool extends HAIPTool {
  schema(): HAIPToolSchema {
    return {
      name: "count",
      description: "Bulk answers for tests",
      inputSchema: { type: "string" },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const [command, argument] = String(message.payload).split(" ")
    const count = Number(argument ?? command)
    if (command === "parts" || command === "paced") {
      const id = this.startMessage(client)
      for (let index = 1; index <= count && !client.signal.aborted; index++) {
        this.sendMessagePart(client, id, `${index} `)
        if (command === "paced") await new Promise((resolve) => setTimeout(resolve, 5))
      }
      this.endMessage(client, id)
      return
    }
    for (let index = 1; index <= count; index++) this.sendTextMessage(client, String(index))
  }
}

/** A running server and its URL. */
export interface TestServer {
  server: HAIPServer
  port: number
  url: string
  close(): Promise<void>
}

/** Starts our server on 127.0.0.1 (port 0 unless given) with the `demo` and `count` tools. */
export async function startTestServer(
  options: HAIPServerOptions & { tokenDelayMs?: number } = {},
  port = 0,
): Promise<TestServer> {
  const { tokenDelayMs, ...serverOptions } = options
  const server = new HAIPServer({ port, host: "127.0.0.1", heartbeatInterval: 0, ...serverOptions })
  server.authenticate((request: { token?: string }) =>
    request.token === "Bearer TOKEN" ? { id: "user-1" } : null,
  )
  server.registerTool(
    new ScriptedTool(
      createScriptedAgent({ tokenDelayMs: tokenDelayMs ?? 1, slowTokenDelayMs: 30 }),
    ),
  )
  server.registerTool(new CountTool())
  await server.start()
  return {
    server,
    port: server.port,
    url: `ws://127.0.0.1:${server.port}`,
    close: () => server.stop(),
  }
}

/** A TCP proxy in front of a port; `drop()` cuts every connection through it. */
export interface TestProxy {
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
    for (const socket of [client, upstream]) {
      socket.on("error", forget)
      socket.on("close", forget)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : 0
  return {
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

/** Waits until `check` gives a value (polling every 5 ms), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
