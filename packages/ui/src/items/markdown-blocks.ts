/**
 * Markdown source → top-level block tokens, incrementally: while a message streams, only the
 * last (open) block is lexed again when a token arrives; finished blocks keep their token
 * objects, so their memoized React elements are not re-rendered.
 *
 * Parser: marked's lexer (GFM), chosen for size. Measured 2026-11-23 with
 * `esbuild --bundle --minify --format=esm --external:react --external:react-dom | gzip -9`:
 * marked's Lexer 15.3 kB, micromark + mdast-util-from-markdown + GFM 23.7 kB,
 * react-markdown + remark-gfm 50.4 kB. The budget for ui + store + types with markdown is
 * 40 kB, so react-markdown alone would exceed it. We use only the lexer (tokens); the
 * React elements are built by `markdown-render.tsx`, never an HTML string.
 */
import { Lexer, type Token, type Tokens } from "marked"
import {
  deepNestingStart,
  hasTooManyDelimiters,
  MAX_OPEN_BLOCK_LENGTH,
  plainTextToken,
} from "./markdown-limits.js"
import {
  continuesList,
  definiteListItem,
  markContinuesList,
  openBlocksStart,
} from "./markdown-lists.js"
import { plainParagraph } from "./markdown-plain.js"

export { continuesList }

type Links = Record<string, { href: string | null; title: string | null }>

/**
 * Lexes markdown with the link definitions already seen earlier in the document. Text the
 * lexer cannot take (see `markdown-limits.ts`) comes back as plain-text blocks, never an error.
 */
function lex(source: string, links: Links): Token[] {
  const plain = plainParagraph(source)
  if (plain) return plain
  const deepAt = deepNestingStart(source)
  if (deepAt === 0) return [plainTextToken(source)]
  if (deepAt > 0)
    return [...lex(source.slice(0, deepAt), links), plainTextToken(source.slice(deepAt))]
  // Fresh options each time: the lexer stores its tokenizer in them, and options of our own
  // keep an app's `marked.use(...)` (global defaults) from changing how chat text parses.
  const lexer = new Lexer({ gfm: true, breaks: false, pedantic: false })
  Object.assign(lexer.tokens.links, links)
  try {
    // `lexer.lex` is these two steps; doing them here lets each paragraph be checked before
    // its emphasis is matched.
    const blocks = lexer.blockTokens(source, lexer.tokens)
    const plain = new Set<Token[]>()
    for (const { src, tokens } of lexer.inlineQueue) {
      lexer.state.inRawBlock = false
      if (hasTooManyDelimiters(src)) {
        tokens.push({ type: "text", raw: src, text: src, escaped: false })
        plain.add(tokens)
      } else lexer.inlineTokens(src, tokens)
    }
    lexer.inlineQueue = []
    if (plain.size === 0) return blocks
    return blocks.map((block) =>
      "tokens" in block && plain.has(block.tokens as Token[]) ? plainTextToken(block.raw) : block,
    )
  } catch {
    // A stack overflow in the lexer (nesting the check above did not see): the text as it is.
    return [plainTextToken(source)]
  }
}

/** Normalises line endings the way the lexer does, so token lengths add up to the source. */
export function normalizeMarkdown(source: string): string {
  return source.includes("\r") ? source.replace(/\r\n?/g, "\n") : source
}

/**
 * The blocks of the last few complete texts a view brought up to date, by text: the announcer
 * reads a finished answer right after the view rendered it, and lexing a long answer a second
 * time was most of the cost of putting it into words. A few, for the answers of several lists
 * on a page.
 */
const completeTexts = new Map<string, readonly Token[]>()
const COMPLETE_TEXTS_KEPT = 4

function rememberComplete(source: string, parts: MarkdownParts): void {
  if (completeTexts.has(source)) return
  completeTexts.set(source, [...parts.finished, ...parts.open])
  if (completeTexts.size > COMPLETE_TEXTS_KEPT) {
    completeTexts.delete(completeTexts.keys().next().value as string)
  }
}

/**
 * The blocks of a complete text as a view that showed it lexed them (the blocks of
 * {@link lexMarkdown}, with a long list in parts), or `undefined` when no view did lately.
 */
export function lexedByView(source: string): readonly Token[] | undefined {
  return completeTexts.get(normalizeMarkdown(source))
}

/** All top-level blocks of a markdown document, lexed in one go. */
export function lexMarkdown(source: string): Token[] {
  return lex(normalizeMarkdown(source), Object.create(null) as Links)
}

/**
 * The blocks of one text as {@link IncrementalMarkdown.advance} leaves them: `finished` is the
 * same array from update to update and only ever grows (a new array after a reset, when
 * `generation` changes), so a consumer can pick up where it stopped instead of walking every
 * block of a long answer on each frame.
 */
export interface MarkdownParts {
  readonly finished: readonly Token[]
  readonly open: readonly Token[]
  /** Changes whenever `finished` starts over (an edit before its end, a shorter text). */
  readonly generation: number
  /** The smallest depth of a finished heading, or 7 when there is none. */
  readonly topFinishedHeading: number
}

/**
 * How many characters of the finished blocks are compared with the text on each streamed
 * update. Comparing all of them cost 1.4 ms per MB on every frame; instead the last finished
 * block is checked each time and a window that goes round the others, so a text changed before
 * its end (an `item-updated` patch) is seen within a few frames, and all of it once complete.
 */
const CHECKED_PER_UPDATE = 16_384

/**
 * Keeps the blocks of one growing markdown document. `update(text)` returns the blocks of
 * `text`; when `text` extends the text of the previous call, the blocks that were finished
 * (every block before the last non-blank one, or before a list just above it) are reused
 * as they were, and only the rest is lexed. A list that is still open is finished item by
 * item: its earlier items become a list part of their own, and the rest of the list is marked
 * with `continuesList`, so the renderer joins the parts into one list. Anything else (an edit
 * in the middle, a shorter text) lexes the whole text again.
 */
export class IncrementalMarkdown {
  private source = ""
  private finished: Token[] = []
  private finishedLength = 0
  private finishedLinks: Links = Object.create(null) as Links
  private hasDefinitions = false
  private topFinishedHeading = 7
  private generation = 0
  /** Where the last list was split into a finished segment and the rest. */
  private splitAt = -1
  /** The last text lexed from its start, all of it at once. */
  private lexedWhole: string | undefined
  private open: Token[] = []
  private blocks: Token[] | undefined
  /** Whether the open block is shown as plain text, unlexed, because it is that long. */
  private plainOpen = false
  /** The finished block the rolling check (see {@link CHECKED_PER_UPDATE}) looks at next. */
  private checkIndex = 0
  private checkOffset = 0
  /** How far the raw text was searched for "\r", and whether one was found. */
  private checkedLength = 0
  private carriageReturn = false
  /** Characters handed to the lexer so far (what a test counts to see nothing is lexed twice). */
  charactersLexed = 0

  /** The blocks of `text`; pass `final: true` once the text is complete. */
  update(text: string, options: { final?: boolean } = {}): readonly Token[] {
    const before = this.open
    const generation = this.generation
    const finishedCount = this.finished.length
    this.advance(text, options)
    if (
      this.blocks === undefined ||
      before !== this.open ||
      generation !== this.generation ||
      finishedCount !== this.finished.length
    ) {
      this.blocks =
        this.open.length === 0 ? this.finished.slice() : [...this.finished, ...this.open]
    }
    return this.blocks
  }

  /**
   * Brings the blocks up to `text` without copying them into one array: the work is the
   * new text and the open blocks, whatever the length of the finished ones.
   */
  advance(text: string, options: { final?: boolean } = {}): MarkdownParts {
    const parts = this.advanceTo(text, options)
    if (options.final === true) rememberComplete(this.source, parts)
    return parts
  }

  private advanceTo(text: string, options: { final?: boolean }): MarkdownParts {
    const source = this.normalize(text)
    // A link definition may come after the links that use it; a complete text with
    // definitions is lexed whole once, so earlier blocks resolve their references.
    const needsWhole = options.final === true && this.hasDefinitions && this.lexedWhole !== source
    // An open block shown as plain text for its length is lexed once the text is complete.
    const lexPlainOpen = options.final === true && this.plainOpen
    if (source === this.source && !needsWhole && !lexPlainOpen) return this.parts()
    this.plainOpen = false
    if (!this.extendsFinished(source, options.final === true) || needsWhole) this.reset()
    const rest = source.slice(this.finishedLength)
    this.source = source
    if (options.final !== true && rest.length > MAX_OPEN_BLOCK_LENGTH) {
      // Lexing an open block this long on every token would cost more each time; it shows
      // as plain text until the message is complete, then it is lexed once.
      this.plainOpen = true
      this.open = [plainTextToken(rest)]
      return this.parts()
    }
    if (this.finishedLength === 0) this.lexedWhole = source
    this.charactersLexed += rest.length
    const tail = lex(rest, this.finishedLinks)
    if (
      this.finishedLength > 0 &&
      this.finishedLength === this.splitAt &&
      tail[0]?.type === "list"
    ) {
      markContinuesList(tail[0])
    }
    // Every character must belong to a token for offsets to stay right; if the lexer ever
    // drops one, nothing is marked finished and the next update lexes this tail again.
    const covered = tail.reduce((length, token) => length + token.raw.length, 0)
    const openFrom = covered === rest.length ? openBlocksStart(tail) : 0
    for (let index = 0; index < openFrom; index++) this.finish(tail[index]!)
    if (tail.some((token) => token.type === "def")) this.hasDefinitions = true
    let open = tail.slice(openFrom)
    const list = open[0]
    if (
      list?.type === "list" &&
      open.every((token, index) => index === 0 || token.type === "space")
    ) {
      open = this.finishListItems(list as Tokens.List, open)
    }
    this.open = open
    return this.parts()
  }

  private parts(): MarkdownParts {
    return {
      finished: this.finished,
      open: this.open,
      generation: this.generation,
      topFinishedHeading: this.topFinishedHeading,
    }
  }

  /**
   * `text` with the lexer's line endings. Only the text added since the last call is searched
   * for "\r"; a text that has one is normalised whole (rare: CRLF streams).
   */
  private normalize(text: string): string {
    const from = text.length >= this.checkedLength ? this.checkedLength : 0
    if (from === 0) this.carriageReturn = false
    if (!this.carriageReturn && text.includes("\r", from)) this.carriageReturn = true
    this.checkedLength = text.length
    return this.carriageReturn ? normalizeMarkdown(text) : text
  }

  /** Whether `source` still starts with the finished blocks (see {@link CHECKED_PER_UPDATE}). */
  private extendsFinished(source: string, final: boolean): boolean {
    const finished = this.finished
    if (source.length < this.finishedLength) return false
    const last = finished.at(-1)
    if (last !== undefined && !source.startsWith(last.raw, this.finishedLength - last.raw.length)) {
      return false
    }
    if (final) {
      this.checkIndex = 0
      this.checkOffset = 0
    }
    let checked = 0
    for (let step = 0; step < finished.length; step++) {
      if (!final && checked >= CHECKED_PER_UPDATE) break
      if (this.checkIndex >= finished.length) {
        this.checkIndex = 0
        this.checkOffset = 0
      }
      const raw = finished[this.checkIndex]!.raw
      if (!source.startsWith(raw, this.checkOffset)) return false
      checked += raw.length
      this.checkOffset += raw.length
      this.checkIndex += 1
    }
    return true
  }

  private finish(token: Token): void {
    this.finished.push(token)
    this.finishedLength += token.raw.length
    if (token.type === "heading") {
      const depth = Math.max((token as Tokens.Heading).depth, 1)
      this.topFinishedHeading = Math.min(this.topFinishedHeading, depth)
    }
    if (token.type === "def") {
      const definition = token as Tokens.Def
      this.hasDefinitions = true
      const tag = definition.tag.toLowerCase()
      this.finishedLinks[tag] ??= { href: definition.href, title: definition.title }
    }
  }

  /**
   * A long list is one block; so that a token at its end does not lex all of it again, every
   * item but the last is finished as a list segment of its own, and the rest of the list
   * continues it (`continuesList`). Returns the open blocks.
   */
  private finishListItems(list: Tokens.List, open: Token[]): Token[] {
    const items = list.items
    const last = items.at(-1)
    // The last item must have content: a bare "-" may still become "---" or a lazy line.
    if (items.length < 2 || last === undefined || !definiteListItem.test(last.raw)) return open
    const segmentItems = items.slice(0, -1)
    const segmentRaw = segmentItems.map((item) => item.raw).join("")
    if (segmentRaw.length === 0 || !list.raw.startsWith(segmentRaw)) return open
    const segment: Tokens.List = { ...list, items: segmentItems, raw: segmentRaw }
    const rest: Tokens.List = { ...list, items: [last], raw: list.raw.slice(segmentRaw.length) }
    if (continuesList(list)) markContinuesList(segment)
    markContinuesList(rest)
    this.finish(segment)
    this.splitAt = this.finishedLength
    return [rest, ...open.slice(1)]
  }

  /** How many blocks are finished (never lexed again while the text only grows). */
  get finishedCount(): number {
    return this.finished.length
  }

  private reset(): void {
    this.finished = []
    this.finishedLength = 0
    this.finishedLinks = Object.create(null) as Links
    this.hasDefinitions = false
    this.topFinishedHeading = 7
    this.checkIndex = 0
    this.checkOffset = 0
    this.generation += 1
    this.splitAt = -1
  }
}
