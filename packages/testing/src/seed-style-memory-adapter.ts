/**
 * A plain subclass written the way the seed README shows: only the seed's methods, no
 * streaming, no events. It proves an adapter that knows nothing of `emit` still works.
 */
import { ItemFold, NetworkAdapter } from "@aichatkit/network-adapter"
import { ChatError, type ChatResponse, type ChatResponseItem } from "@aichatkit/types"
import { AgentRegistry, checkMessage } from "./agent-registry.js"
import { createRandom, mixSeed } from "./random.js"
import { createScriptedAgent, type ScriptedAgent } from "./scripted-agent.js"

/** Options of {@link SeedStyleMemoryAdapter}. */
export interface SeedStyleMemoryAdapterOptions {
  /** Seeds ids and the script. Default 1. */
  seed?: number | undefined
  /** Pause per token while the answer is composed, in ms. Default 0. */
  tokenDelayMs?: number | undefined
  /** The clock for timestamps. Default `new Date()`. */
  now?: (() => Date) | undefined
}

/** Answers from the same script as `MemoryAdapter`, but only when the whole turn is done. */
export class SeedStyleMemoryAdapter extends NetworkAdapter {
  readonly #agent: ScriptedAgent
  readonly #registry: AgentRegistry<ChatResponseItem[]>
  readonly #random
  readonly #now: () => Date

  constructor(options: SeedStyleMemoryAdapterOptions = {}) {
    super()
    const seed = options.seed ?? 1
    this.#now = options.now ?? (() => new Date())
    this.#random = createRandom(mixSeed(seed, 0x736565))
    this.#registry = new AgentRegistry(this.#random)
    this.#agent = createScriptedAgent({
      seed,
      tokenDelayMs: options.tokenDelayMs ?? 0,
      slowTokenDelayMs: options.tokenDelayMs ?? 0,
      now: this.#now,
    })
  }

  async startChatAgent(): Promise<string> {
    return this.#registry.start([])
  }

  async sendMessage(agentId: string, message: string): Promise<ChatResponse> {
    const transcript = this.#registry.get(agentId)
    checkMessage(message)
    const turn = new ItemFold()
    turn.apply({
      type: "item-added",
      agentId,
      item: {
        id: this.#random.id("user"),
        type: "message",
        role: "user",
        content: message,
        timestamp: this.#now().toISOString(),
      },
    })
    for await (const event of this.#agent.respond({ agentId, message })) {
      if (event.type === "error") {
        // The user's message stays in the conversation, as a backend that failed mid-turn keeps it.
        transcript.push(
          ...turn.items().filter((item) => item.type === "message" && item.role === "user"),
        )
        throw new ChatError(event.error.code, event.error.message, {
          retryable: event.error.retryable,
        })
      }
      turn.apply(event)
    }
    const items = turn.items()
    transcript.push(...items)
    return { items, conversationId: agentId }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    return structuredClone(this.#registry.get(agentId))
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    this.#registry.get(agentId).length = 0
  }

  async stopChatAgent(agentId: string): Promise<void> {
    this.#registry.stop(agentId)
  }
}
