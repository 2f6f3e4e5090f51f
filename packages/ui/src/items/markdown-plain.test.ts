import { Lexer } from "marked"
import { afterEach, describe, expect, it, vi } from "vitest"
import { lexMarkdown } from "./markdown-blocks.js"
import { plainParagraph } from "./markdown-plain.js"
import { recordLexedSources } from "./testdata/lex-spy.js"

/** A small seeded PRNG (mulberry32): the same strings on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const prose = "abcxyzABCXYZéüßжд漢字 .,;'\"?()-+=%$#{}^/0123456789\u00a0"
// The harmless ones first: most texts take only a few from the front.
const markers = " w.#\u2028\\`*_~[]!<>&:@|\n\r\t\u0000"

function randomText(random: () => number, alphabet: string, length: number): string {
  let text = ""
  for (let index = 0; index < length; index++) {
    text += alphabet[Math.floor(random() * alphabet.length)]
  }
  return text
}

/** marked's own blocks (without the `links` record it hangs on the array). */
const markedLex = (source: string) => [
  ...new Lexer({ gfm: true, breaks: false, pedantic: false }).lex(source),
]

describe("plainParagraph", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it("gives exactly the lexer's blocks for every text it takes, and declines the rest", () => {
    const random = createRandom(19)
    let taken = 0
    for (let run = 0; run < 20_000; run++) {
      // Mostly prose with a few markers mixed in, some starting with a word.
      const alphabet = run % 4 === 0 ? prose + markers : prose + markers.slice(0, run % 20)
      const body = randomText(random, alphabet, 1 + Math.floor(random() * 60))
      const source = run % 2 === 0 ? `Word ${body}` : body
      const plain = plainParagraph(source)
      if (plain === undefined) continue
      taken++
      expect(plain, JSON.stringify(source)).toEqual(markedLex(source))
    }
    // Not a test that passes by declining everything.
    expect(taken).toBeGreaterThan(3_000)
  })

  it("declines every line that holds markdown", () => {
    for (const source of [
      "- a list item",
      "1. a numbered item",
      "# a heading",
      "> a quote",
      "Some **bold** words",
      "Some `code`",
      "A [link](https://example.com)",
      "See https://example.com",
      "See www.example.com today",
      "Mail me at someone@example.com",
      "Two lines\nof text",
      "Fish &amp; chips",
      "A <b>tag</b>",
      "Trailing space ",
      "    indented code",
      "A | table",
    ]) {
      expect(plainParagraph(source), source).toBeUndefined()
    }
  })

  it("spares the lexer a plain line", () => {
    const line = "Stream token render frame, message agent (tool) card."
    const expected = markedLex(line)
    const lexed = recordLexedSources()
    expect(lexMarkdown(line)).toEqual(expected)
    expect(lexed).toEqual([])
    lexMarkdown("Stream **token** render.")
    expect(lexed).toEqual(["Stream **token** render."])
  })
})
