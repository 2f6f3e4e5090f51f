/**
 * A run the client opens without a user message (an answer to a tool call, a regeneration): its
 * frame goes out in a fresh run, and the server's run streams as a turn's does.
 */
import type { HAIPOutgoingMessage } from "@aichatkit/haip-client"
import { ChatError, type ChatResponse } from "@aichatkit/types"
import type { Agent } from "./agent.js"
import { agentNotRunning, chatErrorFromHAIP } from "./errors.js"
import { type AgentTurn, endTurnOnSendFailure } from "./turn.js"

/** What such a run needs from the adapter. */
export interface OpenedRunHost {
  /** Whether the agent is still the adapter's (not stopped). */
  hasAgent(agentId: string): boolean
  /** A turn of the agent with the adapter's timing options; `wire` sees what it sends. */
  newTurn(agent: Agent, wire: (frame: HAIPOutgoingMessage) => void): AgentTurn
  /** The adapter's wire tap, for a frame sent for `agentId`. */
  tapOut(frame: HAIPOutgoingMessage, agentId: string): void
}

/**
 * Sends `frameFor(runId)` in a run it opens and resolves with the server's run; `signal` cancels
 * it (RUN_CANCEL). `prepare` runs once the agent is ready, before anything is sent; what it
 * returns undoes it when the server refuses the frame before its run starts.
 */
export async function runOpened(
  host: OpenedRunHost,
  agent: Agent,
  signal: AbortSignal | undefined,
  frameFor: (runId: string) => HAIPOutgoingMessage,
  prepare: () => (() => void) | undefined = () => undefined,
): Promise<ChatResponse> {
  if (!host.hasAgent(agent.id)) throw agentNotRunning(agent.id)
  await agent.ready
  if (signal?.aborted) throw new ChatError("CANCELLED", "The run was cancelled before it started.")
  const undo = prepare()
  const wire = (frame: HAIPOutgoingMessage) => host.tapOut(frame, agent.id)
  const turn = host.newTurn(agent, wire)
  agent.turn = turn
  const onAbort = () => turn.cancel()
  signal?.addEventListener("abort", onAbort, { once: true })
  try {
    turn.resume()
    const frame = frameFor(turn.runId)
    wire(frame)
    turn.messageFrameId = await agent.transaction.sendMessage(frame)
    return await turn.response
  } catch (error) {
    endTurnOnSendFailure(turn, error)
    if (!turn.runStarted) undo?.()
    throw chatErrorFromHAIP(error)
  } finally {
    signal?.removeEventListener("abort", onAbort)
    if (agent.turn === turn) agent.turn = undefined
  }
}
