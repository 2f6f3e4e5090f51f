import { Lexer, type Token } from "marked"
import { vi } from "vitest"

/**
 * Records the source of every top-level lex (`blockTokens` with the lexer's own token list;
 * nested blocks of lists and quotes pass a list of their own and are not recorded).
 */
export function recordLexedSources(): string[] {
  const lexed: string[] = []
  const original = Lexer.prototype.blockTokens as (
    this: Lexer,
    source: string,
    tokens?: Token[],
    clipped?: boolean,
  ) => Token[]
  vi.spyOn(Lexer.prototype, "blockTokens").mockImplementation(function (
    this: Lexer,
    source: string,
    tokens?: Token[],
    clipped?: boolean,
  ) {
    if (tokens === this.tokens) lexed.push(source)
    return original.call(this, source, tokens, clipped)
  } as typeof Lexer.prototype.blockTokens)
  return lexed
}
