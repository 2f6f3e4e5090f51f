/**
 * The demo agent over HAIP: a `HAIPServer` mounted at `/haip` (WebSocket `ws://host:port/haip`,
 * NDJSON `POST /haip/stream`, SSE `GET /haip/sse` + `POST /haip/messages`) with one tool,
 * `demo`, that runs the scripted agent and sends its ChatEvents as HAIP frames (haip-server's
 * `sendChatEvents`).
 *
 * Auth: the demo accepts ANY token, and no token at all; the token (or "anonymous") only becomes
 * the user id, so a session can be resumed only with the token that opened it. Do not copy this
 * into a real server: use `server.authenticate(...)` or `jwtSecret`.
 */
import { createHash, type Hash } from "node:crypto"
import {
  type HAIPAudioChunk,
  type HAIPMessage,
  HAIPServer,
  type HAIPServerOptions,
  type HAIPSessionTransaction,
  HAIPTool,
  type HAIPToolSchema,
  sendChatEvents,
} from "@aichatkit/haip-server"
import {
  createScriptedAgent,
  type HeardAudio,
  type ScriptedAgent,
  spokenAnswer,
} from "@aichatkit/testing"
import type { WireEndpoint } from "./endpoint.js"
import { WaitingCalls } from "./haip-tool-answers.js"
import { attachmentsTooLarge, messageFiles } from "./message-files.js"

/** Options of {@link createHaipEndpoint}. */
export interface HaipEndpointOptions {
  /** Path the server is mounted at (default "/haip"). */
  basePath?: string | undefined
  /** Delay between the demo agent's tokens, in ms. */
  tokenDelayMs?: number | undefined
  /** Seed of the demo agent. */
  seed?: number | undefined
  /** The agent to serve; the scripted demo agent by default (a real model: `createModelAgent`). */
  agent?: ScriptedAgent | undefined
  /** Extra `HAIPServer` options (handshake order, limits...). */
  server?: Omit<HAIPServerOptions, "noServer" | "basePath">
}

/**
 * The `demo` tool: the scripted agent, one run per user message. A voice message (audio chunks
 * in a run, then its MESSAGE) is answered with a generated tone and a transcript.
 */
export class DemoTool extends HAIPTool {
  /** Tool calls the agent left waiting for the client, by transaction. */
  readonly #waiting = new WaitingCalls()
  /** What each run has heard so far (forgotten once the run's message is answered). */
  readonly #heard = new Map<string, { heard: HeardAudio; digest: Hash }>()

  constructor(private readonly agent: ScriptedAgent) {
    super()
  }

  override handleAudio(client: HAIPSessionTransaction, chunk: HAIPAudioChunk): void {
    let entry = this.#heard.get(client.runId)
    if (!entry) {
      entry = {
        heard: { mediaType: chunk.mime, chunks: 0, bytes: 0 },
        digest: createHash("sha256"),
      }
      this.#heard.set(client.runId, entry)
      // A run that never gets its message (cancelled, dropped) must not keep its entry.
      client.signal.addEventListener("abort", () => this.#heard.delete(client.runId), {
        once: true,
      })
    }
    entry.heard.chunks += 1
    entry.heard.bytes += chunk.data.byteLength
    // The order the chunks came in shows in the fingerprint the transcript reports.
    entry.digest.update(chunk.data)
  }

  schema(): HAIPToolSchema {
    return {
      name: "demo",
      description: "The aichatkit scripted demo agent (try: tool, fail, card, chart, error, slow)",
      // The text, or the text with files (`{ text, attachments }`, HAIPAdapter's `attachments`).
      inputSchema: {
        oneOf: [
          { type: "string" },
          {
            type: "object",
            properties: { text: { type: "string" }, attachments: { type: "array" } },
            required: ["text"],
          },
        ],
      },
      outputSchema: { type: "string" },
    }
  }

  async handleMessage(client: HAIPSessionTransaction, message: HAIPMessage): Promise<void> {
    const entry = this.#heard.get(client.runId)
    if (entry) {
      this.#heard.delete(client.runId)
      const heard = { ...entry.heard, fingerprint: entry.digest.digest("hex").slice(0, 12) }
      const agentId = client.transaction.id
      await sendChatEvents(client, spokenAnswer({ agentId, runId: client.runId, heard }))
      return
    }
    const attachments = payloadAttachments(message.payload)
    const tooLarge = attachmentsTooLarge(attachments, "mime")
    if (tooLarge !== undefined) {
      // Refused before the agent hears of it, as the other wires refuse it (413, a coded error).
      this.sendError(client, "PAYLOAD_TOO_LARGE", tooLarge)
      this.finishRun(client, "ERROR", tooLarge)
      return
    }
    const events = this.agent.respond({
      agentId: client.transaction.id,
      message: messageText(message.payload),
      files: messageFiles(attachments, "mime"),
      runId: client.runId,
      signal: client.signal,
    })
    await sendChatEvents(client, this.#waiting.remember(client.transaction.id, events))
  }

  /** The client's answer to a tool call that waits (TOOL_UPDATE, TOOL_DONE); audio as before. */
  override handleFrame(client: HAIPSessionTransaction, frame: HAIPMessage): void {
    if (this.#waiting.answer(this.agent, client, frame)) return
    super.handleFrame(client, frame)
  }
}

/** The text of a MESSAGE payload: the payload itself, or its `text` when files came with it. */
function messageText(payload: unknown): string {
  if (typeof payload === "object" && payload !== null && Object.hasOwn(payload, "text")) {
    return String((payload as { text: unknown }).text)
  }
  return String(payload)
}

/** The `attachments` of a MESSAGE payload `{ text, attachments }` (none when the payload is the text). */
function payloadAttachments(payload: unknown): unknown {
  if (typeof payload !== "object" || payload === null) return undefined
  return Object.hasOwn(payload, "attachments")
    ? (payload as { attachments: unknown }).attachments
    : undefined
}

/** Mounts the demo agent's HAIP server on the demo server. */
export function createHaipEndpoint(options: HaipEndpointOptions = {}): WireEndpoint {
  const basePath = options.basePath ?? "/haip"
  const server = new HAIPServer({ ...options.server, noServer: true, basePath })
  server.authenticate((request) => ({ id: request.token ?? "anonymous" }))
  const agentOptions: { tokenDelayMs?: number; seed?: number } = {}
  if (options.tokenDelayMs !== undefined) agentOptions.tokenDelayMs = options.tokenDelayMs
  if (options.seed !== undefined) agentOptions.seed = options.seed
  server.registerTool(new DemoTool(options.agent ?? createScriptedAgent(agentOptions)))
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
