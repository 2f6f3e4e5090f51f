/**
 * One turn of the scripted agent: its ids, clock and open items, the pause that an abort
 * interrupts, and the pieces every scenario streams (a message, the closing of open items).
 */
import type { ChatEvent, ChatResponseItem } from "@aichatkit/types"
import type { Random } from "./random.js"

/** Thrown inside a turn when its signal aborts; caught by `playTurn`, never escapes. */
export const aborted = Symbol("aborted")

/** The state of one running turn: who it is for, and which items are still open. */
export class Turn {
  /** Items added but not done, in order, with their kind: closed on abort. */
  readonly open = new Map<string, ChatResponseItem["type"]>()

  constructor(
    readonly agentId: string,
    readonly runId: string,
    readonly random: Random,
    /** A new id of this turn for a kind of thing (`msg`, `tool`, …). */
    readonly newId: (kind: string) => string,
    readonly signal: AbortSignal | undefined,
    readonly now: () => Date,
  ) {}

  /** The fields every event of this turn carries. */
  get scope(): { agentId: string; runId: string } {
    return { agentId: this.agentId, runId: this.runId }
  }

  timestamp(): string {
    return this.now().toISOString()
  }

  /** Waits `ms` (a macrotask at least); throws `aborted` as soon as the signal aborts. */
  async pause(ms: number): Promise<void> {
    if (this.signal?.aborted) throw aborted
    await delay(ms, this.signal)
    if (this.signal?.aborted) throw aborted
  }
}

/** An assistant message, added empty and then streamed in 3–6 character tokens. */
export async function* streamMessage(
  turn: Turn,
  text: string,
  tokenDelayMs: number,
): AsyncGenerator<ChatEvent> {
  const id = turn.newId("msg")
  turn.open.set(id, "message")
  yield {
    type: "item-added",
    ...turn.scope,
    item: { id, type: "message", role: "assistant", content: "", timestamp: turn.timestamp() },
  }
  for (const token of cutIntoTokens(text, turn.random)) {
    await turn.pause(tokenDelayMs)
    yield { type: "text-delta", ...turn.scope, itemId: id, delta: token }
  }
  turn.open.delete(id)
  yield { type: "item-done", ...turn.scope, itemId: id }
}

/** Ends every open item after an abort: tool calls become `cancelled`, then `item-done`. */
export function* closeOpenItems(turn: Turn): Generator<ChatEvent> {
  for (const [itemId, kind] of turn.open) {
    if (kind === "tool_call") {
      yield {
        type: "item-updated",
        ...turn.scope,
        itemId,
        patch: { toolCall: { status: "cancelled" } },
      }
    }
    yield { type: "item-done", ...turn.scope, itemId }
  }
  turn.open.clear()
}

/**
 * Cuts text into tokens of 3 to 6 characters at arbitrary places (through words and
 * markdown markers, as a model's tokens fall). Only a text shorter than 3 gives a shorter token.
 */
export function cutIntoTokens(text: string, random: Random): string[] {
  const tokens: string[] = []
  let rest = text
  while (rest.length > 6) {
    const length = random.int(3, Math.min(6, rest.length - 3))
    tokens.push(rest.slice(0, length))
    rest = rest.slice(length)
  }
  if (rest.length > 0) tokens.push(rest)
  return tokens
}

const nextMacrotask: (callback: () => void) => void =
  typeof setImmediate === "function"
    ? (callback) => setImmediate(callback)
    : (callback) => setTimeout(callback, 0)

/** Resolves after `ms` (or on the next macrotask for 0), or as soon as `signal` aborts. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve()
      return
    }
    const finish = () => {
      signal?.removeEventListener("abort", finish)
      if (timer !== undefined) clearTimeout(timer)
      resolve()
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    if (ms > 0) timer = setTimeout(finish, ms)
    else nextMacrotask(finish)
    signal?.addEventListener("abort", finish, { once: true })
  })
}
