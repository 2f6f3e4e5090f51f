/**
 * Test support: our HAIP server on 127.0.0.1 (`@aichatkit/haip-server/testing`) with the
 * scripted demo agent as the `demo` tool (its ChatEvents put on the wire by haip-server's
 * `sendChatEvents`, as the demo server does) beside the `script` tool for bulk and paced answers.
 */
import {
  type HAIPMessage,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
  sendChatEvents,
} from "@aichatkit/haip-server"
import {
  ScriptTool,
  startTestServer as startServer,
  type TestServer,
  type TestServerOptions,
} from "@aichatkit/haip-server/testing"
import { createScriptedAgent, type ScriptedAgent } from "@aichatkit/testing"

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
    const events = this.agent.respond({
      agentId: client.transaction.id,
      message: String(message.payload),
      signal: client.signal,
    })
    await sendChatEvents(client, events)
  }
}

/** Permits for the parts of a {@link GatedTool}'s stream, handed out by the test. */
export class Gate {
  #permits = 0
  #waiting: (() => void) | undefined

  /** Lets `count` more parts go (Infinity: all the rest). */
  open(count: number): void {
    this.#permits += count
    const waiting = this.#waiting
    this.#waiting = undefined
    waiting?.()
  }

  /** Resolves once a part may go (or the signal aborts). */
  async pass(signal: AbortSignal): Promise<void> {
    while (this.#permits <= 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.#waiting = resolve
        signal.addEventListener("abort", () => resolve(), { once: true })
      })
    }
    this.#permits--
  }
}

/**
 * The `gated` tool: `gated N` streams one message of N parts ("1 " … "N "), each part when the
 * test's {@link Gate} lets it go: a stream paced by the test, not by a clock.
 */
export class GatedTool extends HAIPTool {
  constructor(private readonly gate: Gate) {
    super()
  }

  schema(): HAIPToolSchema {
    return {
      name: "gated",
      description: "A stream paced by the test",
      inputSchema: { type: "string" },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const count = Number(String(message.payload).split(" ")[1] ?? 0)
    const id = this.startMessage(client)
    for (let index = 1; index <= count && !client.signal.aborted; index++) {
      await this.gate.pass(client.signal)
      this.sendMessagePart(client, id, `${index} `)
    }
    this.endMessage(client, id)
  }
}

/**
 * Starts our server on 127.0.0.1 (port 0 unless given) with the `demo` and `script` tools,
 * and the `gated` tool when a gate is given.
 */
export function startTestServer(
  options: Omit<TestServerOptions, "tools"> & { tokenDelayMs?: number; gate?: Gate } = {},
  port = 0,
): Promise<TestServer> {
  const { tokenDelayMs, gate, ...serverOptions } = options
  const agent = createScriptedAgent({ tokenDelayMs: tokenDelayMs ?? 1, slowTokenDelayMs: 30 })
  const tools: HAIPTool[] = [new ScriptedTool(agent), new ScriptTool()]
  if (gate) tools.push(new GatedTool(gate))
  return startServer({ ...serverOptions, tools }, port)
}

export type { TestServer }
