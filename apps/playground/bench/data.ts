/**
 * The benchmark data of PERFORMANCE.md, generated deterministically: ~40-word messages
 * alternating user/assistant (every third with bold, inline code and a 3-item list), and a
 * ~9 kB markdown reply cut into tokens of 3–6 characters at arbitrary places.
 */
import type { MessageItem } from "@aichatkit/types"

const words =
  "stream token render frame message agent tool card store list item answer question model context window latency socket adapter protocol reducer update paint layout thread scroll history cache state event".split(
    " ",
  )

/** A small seeded PRNG (mulberry32), so every run sees the same data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function sentence(random: () => number, count: number): string {
  const picked: string[] = []
  for (let index = 0; index < count; index++) {
    picked.push(words[Math.floor(random() * words.length)] as string)
  }
  const text = picked.join(" ")
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

export function createThread(count: number, seed = 1): MessageItem[] {
  const random = createRandom(seed)
  const start = Date.UTC(2026, 0, 1)
  return Array.from({ length: count }, (_, index) => {
    let content = sentence(random, 40)
    if (index % 3 === 2) {
      content += ` With **bold words** and \`inline code\`.\n\n- first point\n- second point\n- third point`
    }
    return {
      id: `m${index}`,
      type: "message",
      role: index % 2 === 0 ? "user" : "assistant",
      content,
      timestamp: new Date(start + index * 60_000).toISOString(),
    }
  })
}

/** About 9 kB of markdown: paragraphs, bold, inline code and lists. */
export function createReply(seed = 2): string {
  const random = createRandom(seed)
  const blocks: string[] = []
  while (blocks.join("\n\n").length < 9_000) {
    const kind = blocks.length % 4
    if (kind === 3)
      blocks.push(["- ", "- ", "- "].map((dash) => dash + sentence(random, 8)).join("\n"))
    else
      blocks.push(
        `${sentence(random, 20)} Some **bold text** and \`code()\` here. ${sentence(random, 12)}`,
      )
  }
  return blocks.join("\n\n")
}

/** Cuts text into `count` tokens of 3–6 characters (the last takes the rest). */
export function cutTokens(text: string, count: number, seed = 3): string[] {
  const random = createRandom(seed)
  const tokens: string[] = []
  let offset = 0
  while (tokens.length < count - 1 && offset < text.length) {
    const size = 3 + Math.floor(random() * 4)
    tokens.push(text.slice(offset, offset + size))
    offset += size
  }
  tokens.push(text.slice(offset))
  return tokens
}
