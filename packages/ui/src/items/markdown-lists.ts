/**
 * Where a streamed markdown text's open blocks start, and the parts of a long list that was
 * finished item by item (see `IncrementalMarkdown`).
 */
import type { Token } from "marked"

const listContinuations = new WeakSet<Token>()

/** Marks `token` as the continuation of the list block before it. */
export function markContinuesList(token: Token): void {
  listContinuations.add(token)
}

/** Whether a list block carries on the list block before it (render both as one list). */
export function continuesList(token: Token): boolean {
  return listContinuations.has(token)
}

/** A list item line with content after its marker: it cannot turn into anything else. */
export const definiteListItem = /^ {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]+\S/

/** A paragraph that may still become a list item ("3" before "3. three", a lone "-"). */
const listMarkerStart = /^ {0,3}(?:\d{1,9}[.)]?|[-+*])[ \t]*\n?$/

/**
 * Where the open blocks start: at the last block that is not blank space, or at the list
 * above it while that block could still turn into one of the list's items (after a blank
 * line, "3." joins the list "1. one 2. two"). `tokens.length` when all blocks are blank.
 */
export function openBlocksStart(tokens: Token[]): number {
  let last = tokens.length
  for (let index = tokens.length - 1; index >= 0; index--) {
    const token = tokens[index]!
    if (token.type === "space") continue
    if (last === tokens.length) {
      last = index
      if (token.type !== "paragraph" || !listMarkerStart.test(token.raw)) return last
      continue
    }
    return token.type === "list" ? index : last
  }
  return last
}
