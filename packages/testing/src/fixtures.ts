/**
 * Generated conversations for stories and benchmarks, shaped like PERFORMANCE.md's data:
 * ~40-word messages alternating user/assistant, every third with bold, inline code and a list.
 */
import type { MessageItem } from "@aichatkit/types"
import { createRandom, mixSeed, type Random } from "./random.js"
import { cutIntoTokens } from "./scripted-agent.js"

/** Options of {@link createItems}. */
export interface CreateItemsOptions {
  /** The same seed gives the same items. Default 1. */
  seed?: number
  /** Words per message. Default 40. */
  words?: number
  /** Prefix of the item ids (`${idPrefix}-0`, …). Default "item". */
  idPrefix?: string
  /** The first item's time; each next one is a minute later. Default 2026-01-01T00:00:00Z. */
  startTime?: Date
}

const VOCABULARY = (
  "the agent answers each question with care and checks the weather data before it replies " +
  "streaming tokens arrive quickly while the interface stays calm and readable for every user " +
  "tool calls report progress cards show actions messages keep their order across reconnects " +
  "a store reduces events into state components render only what changed on screen today"
).split(" ")

function sentence(random: Random, words: number): string {
  const picked: string[] = []
  for (let index = 0; index < words; index++) {
    picked.push(VOCABULARY[random.int(0, VOCABULARY.length - 1)] ?? "chat")
  }
  const text = picked.join(" ")
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

/** One message's markdown: plain, or (rich) with **bold**, `inline code` and a 3-item list. */
function messageText(random: Random, words: number, rich: boolean): string {
  if (!rich) return sentence(random, words)
  const listWords = 3
  const proseWords = Math.max(4, words - 3 * listWords - 2)
  const half = Math.floor(proseWords / 2)
  const list = [1, 2, 3].map(() => `- ${sentence(random, listWords)}`).join("\n")
  return `${sentence(random, half)} **${sentence(random, 1).slice(0, -1)}** and \`inline_code()\` ${sentence(random, proseWords - half)}\n\n${list}`
}

/** `count` message items alternating user/assistant (user first), deterministic with the seed. */
export function createItems(count: number, options: CreateItemsOptions = {}): MessageItem[] {
  const random = createRandom(mixSeed(options.seed ?? 1, 0x697465))
  const words = options.words ?? 40
  const prefix = options.idPrefix ?? "item"
  const start = (options.startTime ?? new Date("2026-01-01T00:00:00Z")).getTime()
  const items: MessageItem[] = []
  for (let index = 0; index < count; index++) {
    items.push({
      id: `${prefix}-${index}`,
      type: "message",
      role: index % 2 === 0 ? "user" : "assistant",
      content: messageText(random, words, index % 3 === 2),
      timestamp: new Date(start + index * 60_000).toISOString(),
    })
  }
  return items
}

/**
 * A long markdown reply (paragraphs, bold, inline code, lists) of about `length` characters,
 * cut into 3–6 character tokens at arbitrary places: the streamed reply of the benchmarks.
 */
export function createReplyTokens(options: { seed?: number; length?: number } = {}): string[] {
  const random = createRandom(mixSeed(options.seed ?? 1, 0x746f6b))
  const length = options.length ?? 9_000
  const blocks: string[] = []
  let size = 0
  for (let index = 0; size < length; index++) {
    const block = messageText(random, 40, index % 3 === 2)
    blocks.push(block)
    size += block.length + 2
  }
  return cutIntoTokens(blocks.join("\n\n").slice(0, length), random)
}
