/**
 * The demo agent over HAIP: a `HAIPServer` mounted at `/haip` (WebSocket `ws://host:port/haip`,
 * NDJSON `POST /haip/stream`, SSE `GET /haip/sse` + `POST /haip/messages`) with one tool,
 * `demo`, that runs the scripted agent and encodes its ChatEvents as HAIP frames.
 *
 * Auth: the demo accepts ANY token, and no token at all; the token (or "anonymous") only becomes
 * the user id, so a session can be resumed only with the token that opened it. Do not copy this
 * into a real server: use `server.authenticate(...)` or `jwtSecret`.
 */
import {
  type HAIPMessage,
  type HAIPRunStatus,
  HAIPServer,
  type HAIPServerOptions,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
} from "@aichatkit/haip-server"
import { createScriptedAgent, type ScriptedAgent } from "@aichatkit/testing"
import type { ChatEvent, RunFinishStatus, ToolCall } from "@aichatkit/types"
import type { WireEndpoint } from "./endpoint.js"

/** Options of {@link createHaipEndpoint}. */
export interface HaipEndpointOptions {
  /** Path the server is mounted at (default "/haip"). */
  basePath?: string | undefined
  /** Delay between the demo agent's tokens, in ms. */
  tokenDelayMs?: number | undefined
  /** Seed of the demo agent. */
  seed?: number | undefined
  /** Extra `HAIPServer` options (handshake order, limits...). */
  server?: Omit<HAIPServerOptions, "noServer" | "basePath">
}

const RUN_STATUS: Record<RunFinishStatus, HAIPRunStatus> = {
  ok: "OK",
  cancelled: "CANCELLED",
  error: "ERROR",
}

/** The `demo` tool: the scripted agent, one run per user message. */
export class DemoTool extends HAIPTool {
  constructor(private readonly agent: ScriptedAgent) {
    super()
  }

  schema(): HAIPToolSchema {
    return {
      name: "demo",
      description: "The aichatkit scripted demo agent (try: tool, fail, card, error, slow)",
      inputSchema: { type: "string" },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const encoder = new EventEncoder(this, client)
    const events = this.agent.respond({
      agentId: client.transaction.id,
      message: String(message.payload),
      runId: client.runId,
      signal: client.signal,
    })
    for await (const event of events) {
      encoder.encode(event)
      // A slow or paused client slows the agent down instead of filling the send queue.
      await client.whenWritable()
    }
  }
}

/** Maps one turn's ChatEvents onto the HAIP frames of haip-wire.md. */
class EventEncoder {
  /** Tool-call item id → the call's id on the wire. */
  private readonly calls = new Map<string, string>()
  private readonly messages = new Set<string>()

  constructor(
    private readonly tool: HAIPTool,
    private readonly client: HAIPSessionTransaction,
  ) {}

  encode(event: ChatEvent): void {
    const { tool, client } = this
    switch (event.type) {
      case "item-added": {
        const item = event.item
        if (item.type === "message") {
          this.messages.add(item.id)
          tool.startMessage(client, {
            messageId: item.id,
            author: item.role,
            ...(item.content ? { text: item.content } : {}),
          })
        } else if (item.type === "tool_call") {
          this.calls.set(item.id, item.toolCall.id)
          tool.callTool(client, item.toolCall.name, item.toolCall.arguments, item.toolCall.id)
          this.updateCall(item.toolCall.id, item.toolCall)
        } else {
          tool.sendCard(client, item.card)
        }
        return
      }
      case "text-delta":
        if (this.messages.has(event.itemId)) tool.sendMessagePart(client, event.itemId, event.delta)
        return
      case "item-updated": {
        const callId = this.calls.get(event.itemId)
        if (callId && event.patch.toolCall) this.updateCall(callId, event.patch.toolCall)
        return
      }
      case "item-done":
        if (this.messages.delete(event.itemId)) tool.endMessage(client, event.itemId)
        return
      case "error":
        tool.sendError(client, "TOOL_EXECUTION_ERROR", event.error.message)
        return
      case "run-finished":
        client.finish(RUN_STATUS[event.status], event.error?.message)
        return
      default:
        // run-started: the server already sent RUN_STARTED for this turn.
        return
    }
  }

  private updateCall(callId: string, patch: Partial<ToolCall>): void {
    const { tool, client } = this
    switch (patch.status) {
      case "completed":
        tool.completeTool(client, callId, "OK", patch.result)
        return
      case "error":
        tool.completeTool(client, callId, "ERROR", undefined, patch.error)
        return
      case "cancelled":
        tool.completeTool(client, callId, "CANCELLED")
        return
      case "pending":
        tool.updateTool(client, callId, "QUEUED", patch.progress)
        return
      default:
        if (patch.status === "executing" || patch.progress !== undefined) {
          tool.updateTool(client, callId, "RUNNING", patch.progress)
        }
    }
  }
}

/** Mounts the demo agent's HAIP server on the demo server. */
export function createHaipEndpoint(options: HaipEndpointOptions = {}): WireEndpoint {
  const basePath = options.basePath ?? "/haip"
  const server = new HAIPServer({ ...options.server, noServer: true, basePath })
  server.authenticate((request) => ({ id: request.token ?? "anonymous" }))
  const agentOptions: { tokenDelayMs?: number; seed?: number } = {}
  if (options.tokenDelayMs !== undefined) agentOptions.tokenDelayMs = options.tokenDelayMs
  if (options.seed !== undefined) agentOptions.seed = options.seed
  server.registerTool(new DemoTool(createScriptedAgent(agentOptions)))
  return {
    name: "haip",
    paths: [
      basePath,
      `${basePath}/stream`,
      `${basePath}/sse`,
      `${basePath}/messages`,
      `${basePath}/health`,
    ],
    handleRequest: (request, response) => server.handleRequest(request, response),
    handleUpgrade: (request, socket, head) => server.handleUpgrade(request, socket, head),
    close: () => server.stop(),
  }
}
