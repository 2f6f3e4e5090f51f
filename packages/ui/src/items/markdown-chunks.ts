/**
 * Top-level blocks gathered for rendering: the parts of a split list into one group, and the
 * groups into chunks of {@link CHUNK_SIZE}. A chunk whose groups did not change keeps its array,
 * so React skips it whole. The finished blocks are grouped once, as they finish: a token
 * appended to a 1 MB answer (27,000 blocks) groups and compares the last chunk and the open
 * blocks, not every block.
 */
import type { Token } from "marked"
import { continuesList, type MarkdownParts } from "./markdown-blocks.js"

/** One block, or the parts of one list streamed in parts; `index` is its first block's. */
export interface BlockGroup {
  index: number
  tokens: Token[]
}

/** Groups per chunk. */
export const CHUNK_SIZE = 64

/**
 * Chunks per section: the view renders sections of chunks, so a frame of a 1 MB answer
 * (420 chunks) creates and compares a few sections and the chunks of the last one, not every
 * chunk (React walks every child of the element it renders).
 */
export const SECTION_SIZE = 64

/**
 * Adds block `index` to `groups`: to the last group when it continues that group's list, else
 * as a group of its own. A group that grows is replaced, never changed, so a chunk that holds
 * the old group compares unequal to the new one.
 */
function appendBlock(groups: BlockGroup[], token: Token, index: number): void {
  const previous = groups.at(-1)
  if (continuesList(token) && previous?.tokens[0]?.type === "list") {
    groups[groups.length - 1] = { index: previous.index, tokens: [...previous.tokens, token] }
  } else groups.push({ index, tokens: [token] })
}

/** Blocks with the parts of each split list gathered, each with the index of its first block. */
export function groupBlocks(blocks: readonly Token[]): BlockGroup[] {
  const groups: BlockGroup[] = []
  blocks.forEach((token, index) => {
    appendBlock(groups, token, index)
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

/**
 * Chunks of groups that keep their identity while their blocks stay the same objects. A chunk
 * is sealed (never looked at again) once a later group exists: only the last finished group
 * can still grow, by the next part of its list.
 */
export class GroupChunks {
  #generation = -1
  #finishedSeen = 0
  #groups: BlockGroup[] = []
  #sealed: BlockGroup[][] = []
  /** The last call's chunks after the sealed ones. */
  #tail: BlockGroup[][] = []
  /** Sealed chunks in full sections, each the same array from update to update. */
  #fullSections: BlockGroup[][][] = []
  #sections: readonly (readonly BlockGroup[][])[] = []
  /** Groups built or compared so far (what a test counts to see the work stays bounded). */
  groupsVisited = 0

  /** The chunks of `parts`; a chunk equal to the last call's is that same array. */
  update(parts: MarkdownParts): readonly BlockGroup[][] {
    const { finished, open } = parts
    if (parts.generation !== this.#generation || finished.length < this.#finishedSeen) {
      this.#generation = parts.generation
      this.#finishedSeen = 0
      this.#groups = []
      this.#sealed = []
      this.#tail = []
      this.#fullSections = []
    }
    for (let index = this.#finishedSeen; index < finished.length; index++) {
      appendBlock(this.#groups, finished[index]!, index)
      this.groupsVisited += 1
    }
    this.#finishedSeen = finished.length
    while ((this.#sealed.length + 1) * CHUNK_SIZE < this.#groups.length) {
      const start = this.#sealed.length * CHUNK_SIZE
      const fresh = this.#groups.slice(start, start + CHUNK_SIZE)
      const cached = this.#tail.shift()
      this.groupsVisited += CHUNK_SIZE
      this.#sealed.push(cached !== undefined && sameGroups(cached, fresh) ? cached : fresh)
    }
    const tailGroups = this.#groups.slice(this.#sealed.length * CHUNK_SIZE)
    open.forEach((token, offset) => {
      appendBlock(tailGroups, token, finished.length + offset)
    })
    const tail: BlockGroup[][] = []
    for (let start = 0; start < tailGroups.length; start += CHUNK_SIZE) {
      const fresh = tailGroups.slice(start, start + CHUNK_SIZE)
      const cached = this.#tail[tail.length]
      this.groupsVisited += fresh.length
      tail.push(cached !== undefined && sameGroups(cached, fresh) ? cached : fresh)
    }
    this.#tail = tail
    this.#updateSections()
    return tail.length === 0 ? this.#sealed : this.#sealed.concat(tail)
  }

  /**
   * The chunks of the last update in sections of {@link SECTION_SIZE}: every section but the
   * last is the same array from update to update.
   */
  get sections(): readonly (readonly BlockGroup[][])[] {
    return this.#sections
  }

  #updateSections(): void {
    const full = this.#fullSections
    while ((full.length + 1) * SECTION_SIZE <= this.#sealed.length) {
      const start = full.length * SECTION_SIZE
      full.push(this.#sealed.slice(start, start + SECTION_SIZE))
    }
    const last = this.#sealed.slice(full.length * SECTION_SIZE).concat(this.#tail)
    this.#sections = last.length === 0 ? full.slice() : [...full, last]
  }
}
