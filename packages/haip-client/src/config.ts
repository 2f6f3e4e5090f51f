/** The client's configuration with its defaults filled in (what the client holds before it connects). */
import { HAIPError } from "./errors.js"
import type { HAIPClientConfig } from "./types.js"

/** The configuration with every default filled in. */
export type ResolvedConfig = Required<Omit<HAIPClientConfig, "token" | "flowControl" | "headers">> &
  Pick<HAIPClientConfig, "token" | "headers"> & {
    initialCredits: number
    initialCreditBytes: number
  }

/** Fills in the defaults of a client configuration. */
export function resolveConfig(config: HAIPClientConfig): ResolvedConfig {
  if (typeof config?.url !== "string" || config.url === "") {
    throw new HAIPError("INVALID_ARGUMENT", "The client needs a url such as ws://localhost:8080.")
  }
  const resolved: ResolvedConfig = {
    url: config.url,
    transport: config.transport ?? "websocket",
    maxConcurrentRuns: config.maxConcurrentRuns ?? 10,
    maxReconnectAttempts: config.maxReconnectAttempts ?? 5,
    reconnectDelay: config.reconnectDelay ?? 1000,
    maxReconnectDelay: config.maxReconnectDelay ?? 30_000,
    heartbeatInterval: config.heartbeatInterval ?? 30_000,
    handshakeTimeout: config.handshakeTimeout ?? 10_000,
    replayGapDelay: config.replayGapDelay ?? 500,
    ackEvery: config.ackEvery ?? 64,
    maxFrameBytes: config.maxFrameBytes ?? 1024 * 1024,
    initialCredits: config.flowControl?.initialCredits ?? 1000,
    initialCreditBytes: config.flowControl?.initialCreditBytes ?? 4 * 1024 * 1024,
  }
  if (config.token !== undefined) resolved.token = config.token
  if (config.headers !== undefined) resolved.headers = config.headers
  return resolved
}

/** An error's message without its final period. */
export function describe(error: unknown): string {
  if (error instanceof Error) return error.message.replace(/\.$/, "")
  return String(error)
}
