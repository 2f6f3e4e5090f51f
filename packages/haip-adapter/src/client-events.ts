/**
 * What the adapter does with the HAIP client's events: connection status, errors (final, link,
 * a refused message of a turn, anything else) and a session the server could not resume.
 */
import type { HAIPClientImpl, HAIPError, HAIPTransaction } from "@aichatkit/haip-client"
import {
  type AdapterError,
  ChatError,
  type ChatEvent,
  type ConnectionStatus,
} from "@aichatkit/types"
import type { Agent } from "./agent.js"
import { clientErrorKind, fromHAIPError, RESUME_FAILED_MESSAGE } from "./errors.js"

/** The adapter's side the client's events act on. */
export interface ClientEventsHost {
  readonly agents: ReadonlyMap<string, Agent>
  /** The refusal every later call fails with, once the server refused for good. */
  fatal(): ChatError | undefined
  /** Records that refusal. */
  refuseFromNowOn(error: ChatError): void
  emit(event: ChatEvent): void
  setStatus(status: ConnectionStatus, error?: AdapterError): void
  openTransaction(): Promise<HAIPTransaction>
  /** Reports an incoming frame to the wire tap (if anyone listens). */
  tapIncoming(frame: { transaction?: string | null }): void
}

/** Listens to `client`'s events on behalf of `host`. */
export function bindClientEvents(client: HAIPClientImpl, host: ClientEventsHost): void {
  client.on("handshake", () => host.setStatus("open"))
  client.on("reconnecting", () => host.setStatus("reconnecting"))
  client.on("disconnect", () => {
    if (client.phase === "reconnecting") host.setStatus("reconnecting")
  })
  client.on("sessionReset", () => onSessionReset(host))
  client.on("error", (error) => onClientError(client, host, error))
  client.on("message", (frame) => host.tapIncoming(frame))
}

function onClientError(client: HAIPClientImpl, host: ClientEventsHost, error: HAIPError): void {
  const adapterError = fromHAIPError(error)
  const kind = clientErrorKind(error.code, client.phase === "closed")
  if (kind === "final") {
    // Asking again would be refused again, so every later call fails at once.
    if (host.fatal()) return
    host.refuseFromNowOn(new ChatError(adapterError.code, adapterError.message))
    host.emit({ type: "error", error: adapterError })
    host.setStatus("closed", adapterError)
    endTurns(host, { code: error.code, message: adapterError.message })
    return
  }
  if (kind === "resume") return // handled with the session reset
  if (kind === "link") {
    if (client.phase === "closed" && host.agents.size > 0) {
      host.setStatus("closed", adapterError)
      endTurns(host, { code: error.code, message: adapterError.message })
    }
    return
  }
  for (const agent of host.agents.values()) {
    const turn = agent.turn
    if (turn && error.relatedId !== undefined && error.relatedId === turn.messageFrameId) {
      host.emit({ type: "error", agentId: agent.id, runId: turn.runId, error: adapterError })
      turn.end({ status: "error", error: { code: error.code, message: adapterError.message } })
      return
    }
  }
  host.emit({ type: "error", error: adapterError })
}

function onSessionReset(host: ClientEventsHost): void {
  const message = RESUME_FAILED_MESSAGE
  for (const agent of host.agents.values()) {
    host.emit({
      type: "error",
      agentId: agent.id,
      error: { code: "RESUME_FAILED", message, retryable: true },
    })
    agent.turn?.end({ status: "error", error: { code: "RESUME_FAILED", message } })
    agent.ready = host.openTransaction().then(
      (transaction) => {
        if (host.agents.get(agent.id) === agent) agent.bind(transaction)
        else transaction.close().catch(() => undefined)
      },
      (error: unknown) => {
        host.emit({ type: "error", agentId: agent.id, error: fromHAIPError(error) })
      },
    )
  }
}

function endTurns(host: ClientEventsHost, error: { code: string; message: string }): void {
  for (const agent of host.agents.values()) agent.turn?.end({ status: "error", error })
}
