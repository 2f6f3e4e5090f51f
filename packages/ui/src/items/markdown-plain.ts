/** The one kind of text the markdown lexer is not needed for: a line of plain prose. */
import type { Token, Tokens } from "marked"

/**
 * One line that no markdown rule can match: it starts with a letter (no list, heading, quote,
 * rule or indented code), has no line break (no setext heading, table or second block), no
 * character that opens inline syntax (escape, code, emphasis, strike, link, image, HTML,
 * entity, autolink, email) and no control character or edge space. Many chat messages are
 * such a line; lexing one costs the lexer a try of every block and inline rule.
 */
const PLAIN_LINE = /^\p{L}[^\p{Cc}\\`*_~[\]!<>&:@|]*(?<=[^\s])$/u

/**
 * The blocks of a {@link PLAIN_LINE}: one paragraph of one text, exactly as the lexer returns
 * it (`markdown-plain.test.ts` compares them), or `undefined` for any other text.
 */
export function plainParagraph(source: string): Token[] | undefined {
  if (!PLAIN_LINE.test(source) || /www\./i.test(source)) return undefined
  const text: Tokens.Text = { type: "text", raw: source, text: source, escaped: false }
  return [{ type: "paragraph", raw: source, text: source, tokens: [text] }]
}
