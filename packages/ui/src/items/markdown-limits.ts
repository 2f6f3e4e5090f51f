/**
 * Limits that keep markdown from freezing or crashing the page. marked's lexer recurses once
 * per nesting level (a few thousand `> ` overflow the stack) and matches emphasis in time
 * quadratic in the delimiters of one paragraph (`*a _` × 10,000 took 9 s). Text past these
 * limits is shown as plain text instead of being parsed. Figures: `npm run bench -w @aichatkit/ui`.
 */
import type { Token } from "marked"

/**
 * The most emphasis delimiters (`*`, `_`, `~`) one paragraph may hold before it shows as plain
 * text: the worst case at this count lexes in about 3 ms, while ordinary prose rarely has 50.
 */
export const MAX_EMPHASIS_DELIMITERS = 320

/** The deepest nesting of quotes and list markers on one line that is parsed (deeper is plain). */
export const MAX_NESTING_DEPTH = 24

/**
 * The longest open (last, unfinished) part of a streaming message that is parsed again on each
 * token; a longer one shows as plain text until the message is complete. Lexing is linear in
 * it, but hostile text (`<` or `[a]` repeated) costs about 4 ms per KB: this keeps a frame's
 * worst case bounded while ordinary paragraphs and most code blocks stay formatted.
 */
export const MAX_OPEN_BLOCK_LENGTH = 16_000

/** The type of the token that stands for text shown as it is, with a notice. */
export const PLAIN_TEXT_TOKEN = "aichatkitPlainText"

/** A block that shows `raw` as plain text (it was too deep, too long or could not be parsed). */
export function plainTextToken(raw: string): Token {
  return { type: PLAIN_TEXT_TOKEN, raw }
}

/**
 * The widest indentation of a line that is parsed: lists nested by indentation cost the lexer
 * more than quadratic time (150 levels: 50 ms; 3,000 levels exhausted a 4 GB heap).
 */
export const MAX_INDENT = 100

/**
 * Nesting deeper than {@link MAX_NESTING_DEPTH} at the start of a line (`> > > …`, `- - - …`),
 * or indentation wider than {@link MAX_INDENT}.
 */
const deepNesting = new RegExp(
  `(?:^|\\n)(?:[ \\t]{${MAX_INDENT},}|[ \\t]*(?:>[ \\t]*|(?:[-+*]|\\d{1,9}[.)])[ \\t]+){${MAX_NESTING_DEPTH},})`,
)

/**
 * Where the first line that nests quotes or lists deeper than the lexer can take starts, or -1.
 * The lexer would overflow the stack on it; the text before it is safe to lex.
 */
export function deepNestingStart(source: string): number {
  const match = deepNesting.exec(source)
  if (match === null) return -1
  return match[0].startsWith("\n") ? match.index + 1 : match.index
}

/** Whether one inline run holds so many emphasis delimiters that matching them would freeze. */
export function hasTooManyDelimiters(source: string): boolean {
  let count = 0
  for (let index = 0; index < source.length; index++) {
    const code = source.charCodeAt(index)
    // *, _ and ~
    if (code === 42 || code === 95 || code === 126) {
      count += 1
      if (count > MAX_EMPHASIS_DELIMITERS) return true
    }
  }
  return false
}
