/**
 * Top-level blocks gathered for rendering: the parts of a split list into one group, and the
 * groups into chunks of {@link CHUNK_SIZE}. A chunk whose groups did not change keeps its array,
 * so React skips it whole: a token appended to a 1 MB answer (27,000 blocks) compares a few
 * hundred chunks, not every block.
 */
import type { Token } from "marked"
import { continuesList } from "./markdown-blocks.js"

/** One block, or the parts of one list streamed in parts; `index` is its first block's. */
export interface BlockGroup {
  index: number
  tokens: Token[]
}

/** Groups per chunk. */
export const CHUNK_SIZE = 64

/** Blocks with the parts of each split list gathered, each with the index of its first block. */
export function groupBlocks(blocks: readonly Token[]): BlockGroup[] {
  const groups: BlockGroup[] = []
  blocks.forEach((token, index) => {
    const previous = groups.at(-1)
    if (continuesList(token) && previous?.tokens[0]?.type === "list") previous.tokens.push(token)
    else groups.push({ index, tokens: [token] })
  })
  return groups
}

function sameGroups(before: readonly BlockGroup[], after: readonly BlockGroup[]): boolean {
  if (before.length !== after.length) return false
  for (let group = 0; group < after.length; group++) {
    const a = before[group]!
    const b = after[group]!
    if (a.index !== b.index || a.tokens.length !== b.tokens.length) return false
    for (let token = 0; token < b.tokens.length; token++) {
      if (a.tokens[token] !== b.tokens[token]) return false
    }
  }
  return true
}

/** Chunks of groups that keep their identity while their blocks stay the same objects. */
export class GroupChunks {
  #chunks: BlockGroup[][] = []

  /** `groups` in chunks; a chunk equal to the last call's is that same array. */
  update(groups: readonly BlockGroup[]): readonly BlockGroup[][] {
    const chunks: BlockGroup[][] = []
    for (let start = 0; start < groups.length; start += CHUNK_SIZE) {
      const fresh = groups.slice(start, start + CHUNK_SIZE)
      const cached = this.#chunks[chunks.length]
      chunks.push(cached !== undefined && sameGroups(cached, fresh) ? cached : fresh)
    }
    this.#chunks = chunks
    return chunks
  }
}
