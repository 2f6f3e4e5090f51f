/**
 * Opening the shared connection and an agent's transaction, with the failures as ChatErrors a
 * person can act on (a server that refused for good keeps refusing: `fatal`).
 */
import type { HAIPClientImpl, HAIPTransaction } from "@aichatkit/haip-client"
import { type AdapterError, ChatError, type ConnectionStatus } from "@aichatkit/types"
import { chatErrorFromHAIP } from "./errors.js"
import type { HAIPAdapterOptions } from "./types.js"

/** Connects `client` unless it is open or reconnecting already. */
export async function connectClient(
  client: HAIPClientImpl,
  fatal: () => ChatError | undefined,
  setStatus: (status: ConnectionStatus, error?: AdapterError) => void,
): Promise<void> {
  const refused = fatal()
  if (refused) throw refused
  const phase = client.phase
  if (phase === "open" || phase === "reconnecting") return
  if (phase !== "connecting") setStatus("connecting")
  try {
    await client.connect()
  } catch (error) {
    const chatError = chatErrorFromHAIP(error, "CONNECTION_FAILED")
    if (chatError.code !== "AUTHENTICATION_FAILED") setStatus("closed", chatError.toJSON())
    throw fatal() ?? chatError
  }
}

/** A transaction with the adapter's tool; a tool the server does not have is NOT_FOUND. */
export async function openTransaction(
  client: HAIPClientImpl,
  options: HAIPAdapterOptions,
  fatal: () => ChatError | undefined,
): Promise<HAIPTransaction> {
  try {
    return await client.startTransaction(options.tool, options.toolParams ?? {})
  } catch (error) {
    const chatError = fatal() ?? chatErrorFromHAIP(error)
    if (chatError.code === "NOT_FOUND") {
      throw new ChatError(
        "NOT_FOUND",
        `The server has no tool named "${options.tool}"; check the adapter's tool option.`,
        { cause: error },
      )
    }
    throw chatError
  }
}
