import { ChatError } from "@aichatkit/types"
import type { Random } from "./random.js"

/** The longest message the in-memory adapters accept, in characters. */
export const MAX_MESSAGE_LENGTH = 100_000

/**
 * The agents an in-memory adapter has started and stopped, with the errors a caller gets
 * for an unknown or stopped agent.
 */
export class AgentRegistry<State> {
  readonly #running = new Map<string, State>()
  readonly #stopped = new Set<string>()
  readonly #random: Random

  constructor(random: Random) {
    this.#random = random
  }

  /** Registers a new agent and returns its id. */
  start(state: State): string {
    let agentId = this.#random.id("agent")
    while (this.#running.has(agentId) || this.#stopped.has(agentId)) {
      agentId = this.#random.id("agent")
    }
    this.#running.set(agentId, state)
    return agentId
  }

  /** The state of a running agent; rejects stopped (`AGENT_NOT_RUNNING`) and unknown (`NOT_FOUND`) ids. */
  get(agentId: string): State {
    const state = this.#running.get(agentId)
    if (state !== undefined) return state
    if (this.#stopped.has(agentId)) {
      throw new ChatError(
        "AGENT_NOT_RUNNING",
        `The agent "${agentId}" has been stopped; start a new agent to keep chatting.`,
      )
    }
    throw new ChatError(
      "NOT_FOUND",
      `There is no agent "${String(agentId)}"; start one with startChatAgent() and use the id it returns.`,
    )
  }

  /** Stops an agent and returns the state it had. */
  stop(agentId: string): State {
    const state = this.get(agentId)
    this.#running.delete(agentId)
    this.#stopped.add(agentId)
    return state
  }
}

/**
 * Rejects a message that is not a string, is too long, or is blank without files (a message of
 * files alone, a picture say, is a message).
 */
export function checkMessage(message: unknown, hasFiles = false): asserts message is string {
  if (typeof message !== "string" || (message.trim() === "" && !hasFiles)) {
    throw new ChatError(
      "INVALID_INPUT",
      "The message is empty or not text; type something or attach a file before sending.",
    )
  }
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw new ChatError(
      "PAYLOAD_TOO_LARGE",
      `The message has ${message.length} characters, more than the ${MAX_MESSAGE_LENGTH} allowed; shorten it and send again.`,
    )
  }
}
