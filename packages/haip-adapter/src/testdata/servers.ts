/**
 * Test support: our HAIP server on 127.0.0.1 (`@aichatkit/haip-server/testing`) with the
 * scripted demo agent as the `demo` tool (its ChatEvents put on the wire by
 * {@link TurnEncoder}) beside the `script` tool for bulk and paced answers.
 */
import {
  type HAIPMessage,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
} from "@aichatkit/haip-server"
import {
  ScriptTool,
  startTestServer as startServer,
  type TestServer,
  type TestServerOptions,
} from "@aichatkit/haip-server/testing"
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

/** Starts our server on 127.0.0.1 (port 0 unless given) with the `demo` and `script` tools. */
export function startTestServer(
  options: Omit<TestServerOptions, "tools"> & { tokenDelayMs?: number } = {},
  port = 0,
): Promise<TestServer> {
  const { tokenDelayMs, ...serverOptions } = options
  const agent = createScriptedAgent({ tokenDelayMs: tokenDelayMs ?? 1, slowTokenDelayMs: 30 })
  return startServer({ ...serverOptions, tools: [new ScriptedTool(agent), new ScriptTool()] }, port)
}

export type { TestServer }
