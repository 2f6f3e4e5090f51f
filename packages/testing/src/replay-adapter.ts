/**
 * Plays a recorded session back as an adapter, so a bug seen once becomes a test and a story:
 * each `sendMessage` replays the next recorded turn's events and wire traffic (to
 * `observeWire`) at the recorded pace times `speed`, as fast as possible with `Infinity`, or one
 * `step()` at a time, and resolves with the recorded answer. The recording comes from `recordAdapter` in `@aichatkit/devtools`.
 */
import {
  type AdapterCapabilities,
  type AdapterRecording,
  NetworkAdapter,
  type RecordingEntry,
} from "@aichatkit/network-adapter"
import {
  ChatError,
  type ChatEvent,
  type ChatResponse,
  type ChatResponseItem,
  toChatError,
} from "@aichatkit/types"

/** Options of {@link ReplayAdapter}. */
export interface ReplayAdapterOptions {
  /** How fast to play: 1 the recorded pace, 2 twice as fast, `Infinity` without waiting. Default 1. */
  speed?: number | undefined
  /** Holds every event until {@link ReplayAdapter.step} releases it (`speed` is then ignored). */
  step?: boolean | undefined
}

/** One recorded turn: what was sent, the events it caused, and how it ended. */
interface RecordedTurn {
  agentId: string
  sentAt: number
  /** The turn's events and wire traffic, in recorded order (the wire replays to observers). */
  events: Array<Extract<RecordingEntry, { kind: "event" | "wire" }>>
  ending: Extract<RecordingEntry, { kind: "answer" | "failure" }> | undefined
}

/** Live agents: the turns they replayed and the items those turns gave. */
interface ReplayAgent {
  items: Map<string, ChatResponseItem>
}

export class ReplayAdapter extends NetworkAdapter {
  override readonly capabilities
  readonly #turns: RecordedTurn[]
  readonly #speed: number
  readonly #stepping: boolean
  readonly #agents = new Map<string, ReplayAgent>()
  readonly #waiting: Array<() => void> = []
  #nextTurn = 0
  #agentCount = 0

  constructor(recording: AdapterRecording, options: ReplayAdapterOptions = {}) {
    super()
    this.capabilities = replayableCapabilities(recording.capabilities)
    this.#turns = recordedTurns(recording.entries)
    this.#speed = options.speed ?? 1
    this.#stepping = options.step ?? false
    if (!(this.#speed > 0)) throw new RangeError("speed must be a number above 0 (or Infinity).")
  }

  /** Releases the next held event (with `step: true`); false when none waits. */
  step(): boolean {
    const release = this.#waiting.shift()
    release?.()
    return release !== undefined
  }

  /** How many events wait for {@link step}. */
  get held(): number {
    return this.#waiting.length
  }

  async startChatAgent(): Promise<string> {
    this.#agentCount += 1
    const agentId = `replay-agent-${this.#agentCount}`
    this.#agents.set(agentId, { items: new Map() })
    return agentId
  }

  async sendMessage(agentId: string, message: string): Promise<ChatResponse> {
    const agent = this.#agent(agentId)
    if (message.trim() === "") {
      throw new ChatError("INVALID_INPUT", "The message is empty; type something to send.")
    }
    if (this.#turns.length === 0) {
      throw new ChatError("NOT_FOUND", "The recording holds no turn to replay; record a message.")
    }
    const index = this.#nextTurn
    this.#nextTurn += 1
    const turn = this.#turns[index % this.#turns.length] as RecordedTurn
    // Played again after the last turn: the ids get a suffix so each turn's items are new.
    const round = Math.floor(index / this.#turns.length)
    const rewrite = (value: unknown) => rewriteIds(value, turn.agentId, agentId, round)
    let previous = turn.sentAt
    for (const entry of turn.events) {
      await this.#pace(entry.at - previous)
      previous = entry.at
      if (!this.#agents.has(agentId)) break
      if (entry.kind === "event") this.emit(rewrite(entry.event) as ChatEvent)
      else if (this.wireObserved) {
        const { direction, wire, data } = entry.traffic
        this.tapWire(direction, wire, rewrite(data), agentId)
      }
    }
    const ending = turn.ending
    if (ending === undefined) {
      throw new ChatError("CONNECTION_LOST", "The recording ends before this turn's answer.")
    }
    if (ending.kind === "failure") throw toChatError(ending.error)
    const response = rewrite(ending.response) as ChatResponse
    for (const item of response.items) agent.items.set(item.id, item)
    return { ...response, conversationId: agentId }
  }

  async getConversationItems(agentId: string): Promise<ChatResponseItem[]> {
    return structuredClone([...this.#agent(agentId).items.values()])
  }

  async clearConversationHistory(agentId: string): Promise<void> {
    this.#agent(agentId).items.clear()
  }

  async stopChatAgent(agentId: string): Promise<void> {
    this.#agent(agentId)
    this.#agents.delete(agentId)
  }

  #agent(agentId: string): ReplayAgent {
    const agent = this.#agents.get(agentId)
    if (agent) return agent
    throw new ChatError(
      "AGENT_NOT_RUNNING",
      `The agent "${agentId}" is not running in this replay; start one with startChatAgent.`,
    )
  }

  #pace(recordedMs: number): Promise<void> {
    if (this.#stepping) return new Promise((resolve) => this.#waiting.push(resolve))
    if (this.#speed === Number.POSITIVE_INFINITY) return Promise.resolve()
    const delay = Math.max(0, recordedMs) / this.#speed
    return new Promise((resolve) => setTimeout(resolve, delay))
  }
}

/** What a replay can still do as recorded: say it streams and show tools and cards. */
const REPLAYED_CAPABILITIES = new Set(["streaming", "toolCalls", "cards"])

/**
 * The recorded adapter's capabilities, with every one that needs a live server (cancel,
 * resume, and any added later: approvals, attachments, branches) off, so the conformance
 * suite and the UI ask a replay only for what it can do.
 */
function replayableCapabilities(recorded: AdapterCapabilities): Readonly<AdapterCapabilities> {
  const capabilities = { ...recorded } as Record<string, unknown>
  for (const name of Object.keys(capabilities)) {
    if (!REPLAYED_CAPABILITIES.has(name)) capabilities[name] = false
  }
  return Object.freeze(capabilities as unknown as AdapterCapabilities)
}

/**
 * The recording's turns, each with the events of its agent (and the adapter-wide ones) between
 * its send and its end.
 */
function recordedTurns(entries: readonly RecordingEntry[]): RecordedTurn[] {
  const turns = new Map<number, RecordedTurn>()
  const open = new Map<string, RecordedTurn>()
  for (const entry of entries) {
    if (entry.kind === "send") {
      const turn: RecordedTurn = {
        agentId: entry.agentId,
        sentAt: entry.at,
        events: [],
        ending: undefined,
      }
      turns.set(entry.turn, turn)
      open.set(entry.agentId, turn)
    } else if (entry.kind === "answer" || entry.kind === "failure") {
      const turn = turns.get(entry.turn)
      if (turn) turn.ending = entry
      open.delete(entry.agentId)
    } else if (entry.kind === "wire") {
      const agentId = entry.traffic.agentId
      if (agentId !== undefined) open.get(agentId)?.events.push(entry)
    } else if (entry.kind === "event") {
      const agentId = "agentId" in entry.event ? entry.event.agentId : undefined
      // An adapter-wide event (a connection change) belongs to every turn running then.
      if (agentId === undefined) for (const turn of open.values()) turn.events.push(entry)
      else open.get(agentId)?.events.push(entry)
    }
  }
  return [...turns.values()]
}

/**
 * A copy of a recorded value for a live agent: the recorded agent id becomes the live one
 * wherever it appears, and from the second round on every other id (`id`, `…Id`) gets a
 * suffix. It walks any event shape, so a ChatEvent kind added later replays unchanged.
 */
function rewriteIds(value: unknown, from: string, to: string, round: number): unknown {
  return JSON.parse(JSON.stringify(value), (key, field: unknown) => {
    if (typeof field !== "string") return field
    if (field === from) return to
    const isId = key === "id" || key.endsWith("Id")
    return isId && round > 0 && key !== "agentId" ? `${field}~${round}` : field
  })
}
