import { Lexer } from "marked"
import { afterEach, describe, expect, it, vi } from "vitest"
import { IncrementalMarkdown, lexMarkdown } from "./markdown-blocks.js"
import { showcaseMarkdown } from "./testdata/showcase.js"

const raws = (tokens: readonly { raw: string }[]) => tokens.map((token) => token.raw)

describe("lexMarkdown", () => {
  it("covers every character of the source with top-level blocks", () => {
    expect(raws(lexMarkdown(showcaseMarkdown)).join("")).toBe(showcaseMarkdown)
  })

  it("normalises Windows line endings", () => {
    const tokens = lexMarkdown("a\r\n\r\nb\r\n")
    expect(tokens.filter((token) => token.type === "paragraph")).toHaveLength(2)
  })
})

describe("IncrementalMarkdown", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it("yields the same blocks as a whole parse for every prefix, streamed character by character", () => {
    const incremental = new IncrementalMarkdown()
    for (let end = 1; end <= showcaseMarkdown.length; end++) {
      const prefix = showcaseMarkdown.slice(0, end)
      const expected = lexMarkdown(prefix)
      const actual = incremental.update(prefix)
      expect(raws(actual), `prefix of ${end} characters`).toEqual(raws(expected))
      expect(actual.map((token) => token.type)).toEqual(expected.map((token) => token.type))
    }
  })

  it.each([3, 5, 11])("matches a whole parse when streamed in chunks of %i", (size) => {
    const incremental = new IncrementalMarkdown()
    let text = ""
    for (let start = 0; start < showcaseMarkdown.length; start += size) {
      text += showcaseMarkdown.slice(start, start + size)
      incremental.update(text)
    }
    const final = incremental.update(text, { final: true })
    expect(JSON.stringify(final)).toBe(JSON.stringify(lexMarkdown(showcaseMarkdown)))
  })

  it("lexes only the open block when a token arrives, and keeps finished blocks as they were", () => {
    const incremental = new IncrementalMarkdown()
    const first = "# Title\n\nA finished paragraph.\n\nThe open"
    const before = incremental.update(first)
    const lexed: string[] = []
    const original = Lexer.prototype.lex
    vi.spyOn(Lexer.prototype, "lex").mockImplementation(function (this: Lexer, source: string) {
      lexed.push(source)
      return original.call(this, source)
    })
    const after = incremental.update(`${first} paragraph grows`)
    expect(lexed).toEqual(["The open paragraph grows"])
    expect(after[0]).toBe(before[0])
    expect(after[2]).toBe(before[2])
    expect(incremental.finishedCount).toBe(4)
  })

  it("lexes everything again when the text is edited rather than extended", () => {
    const incremental = new IncrementalMarkdown()
    incremental.update("First.\n\nSecond.")
    const edited = incremental.update("Changed.\n\nSecond.")
    expect(raws(edited)).toEqual(raws(lexMarkdown("Changed.\n\nSecond.")))
  })

  it("resolves a reference defined after its use once the text is final", () => {
    const incremental = new IncrementalMarkdown()
    const text = "See [docs][d].\n\nMore text.\n\n[d]: https://example.com\n"
    incremental.update(text.slice(0, 20))
    incremental.update(text)
    const final = incremental.update(text, { final: true })
    const paragraph = final[0] as { tokens?: { type: string }[] }
    expect(paragraph.tokens?.some((token) => token.type === "link")).toBe(true)
  })

  it("lexes a complete text with definitions only once, however often it is asked", () => {
    const incremental = new IncrementalMarkdown()
    const text = "See [docs][d].\n\n[d]: https://example.com\n"
    const first = incremental.update(text.slice(0, 12))
    expect(first).toHaveLength(1)
    const final = incremental.update(text, { final: true })
    expect(incremental.update(text, { final: true })).toBe(final)
    const fresh = new IncrementalMarkdown()
    const whole = fresh.update(text, { final: true })
    expect(fresh.update(text, { final: true })).toBe(whole)
  })
})
