/** The adapter's options, checked (a bad option throws at once), and the HAIP client they describe. */
import type { HAIPClientImpl, HAIPServerInfo } from "@aichatkit/haip-client"
// The client alone, not the package root: a bundler such as esbuild loads up front the code of
// every module a root it reaches re-exports, and the root's frame codec, sequencer and turn
// tracker load here only with the turns (turns.ts).
import { createHAIPClient } from "@aichatkit/haip-client/client"
import type { AdapterCapabilities } from "@aichatkit/network-adapter"
import { ChatError } from "@aichatkit/types"
import type { HAIPAdapterOptions } from "./types.js"

/** Checks the options a person must give, with a sentence that says what to pass. */
export function checkOptions(options: HAIPAdapterOptions): void {
  if (typeof options?.url !== "string" || options.url === "") {
    throw new ChatError("INVALID_INPUT", "HAIPAdapter needs a url, such as ws://localhost:8080.")
  }
  if (typeof options.tool !== "string" || options.tool === "") {
    throw new ChatError(
      "INVALID_INPUT",
      'HAIPAdapter needs the tool to talk to, such as { tool: "llm" }.',
    )
  }
}

/** `options.client`, or a new client with the adapter's defaults (5 reconnects from 1 s, 30 s heartbeat). */
export function clientFor(options: HAIPAdapterOptions): HAIPClientImpl {
  if (options.client) return options.client
  const reconnect = options.reconnect ?? true
  const settings = typeof reconnect === "object" ? reconnect : {}
  return createHAIPClient({
    url: options.url,
    ...(options.token === undefined ? {} : { token: options.token }),
    transport: options.transport ?? "websocket",
    maxReconnectAttempts: reconnect === false ? 0 : (settings.maxAttempts ?? 5),
    reconnectDelay: settings.delayMs ?? 1000,
    maxReconnectDelay: settings.maxDelayMs ?? 30_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 30_000,
    ...(options.flowControl === undefined ? {} : { flowControl: options.flowControl }),
  })
}

/** What a HAIP adapter with these options can do. */
export function capabilitiesFor(options: HAIPAdapterOptions): Readonly<AdapterCapabilities> {
  return Object.freeze({
    streaming: true,
    cancel: true,
    resume: true,
    toolCalls: true,
    cards: true,
    audio: true,
    // Files go only to a tool that says it takes `{ text, attachments }` payloads.
    attachments: options.attachments === true,
    // Answers to tool calls go as TOOL_UPDATE / TOOL_DONE in a run the client opens.
    toolApproval: true,
  })
}

/**
 * The capabilities once a server greeted: Regenerate (of the last answer) only where its HAI
 * announced `regenerate_last`, since another server would take the request for a new message.
 */
export function capabilitiesWithServer(
  capabilities: Readonly<AdapterCapabilities>,
  server: HAIPServerInfo | undefined,
): Readonly<AdapterCapabilities> {
  const regenerateLast = server?.regenerateLast === true
  if ((capabilities.regenerateLast === true) === regenerateLast) return capabilities
  return Object.freeze({ ...capabilities, regenerateLast })
}
