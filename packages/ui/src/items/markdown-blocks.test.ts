import type { Token, Tokens } from "marked"
import { afterEach, describe, expect, it, vi } from "vitest"
import { continuesList, IncrementalMarkdown, lexMarkdown } from "./markdown-blocks.js"
import { recordLexedSources } from "./testdata/lex-spy.js"
import { showcaseMarkdown } from "./testdata/showcase.js"

const raws = (tokens: readonly { raw: string }[]) => tokens.map((token) => token.raw)

/** Blocks with split lists joined again: what the renderer shows. */
function joined(tokens: readonly Token[]): { type: string; raw: string; items?: string[] }[] {
  const result: { type: string; raw: string; items?: string[] }[] = []
  for (const token of tokens) {
    const items =
      token.type === "list" ? (token as Tokens.List).items.map((item) => item.raw) : undefined
    const previous = result.at(-1)
    if (continuesList(token) && previous?.type === "list") {
      previous.raw += token.raw
      previous.items = [...(previous.items ?? []), ...(items ?? [])]
    } else {
      result.push({ type: token.type, raw: token.raw, ...(items ? { items } : {}) })
    }
  }
  return result
}

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
      expect(joined(actual), `prefix of ${end} characters`).toEqual(joined(expected))
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
    // The open paragraph has markdown in it, so the lexer sees it (a plain line is not lexed).
    const first = "# Title\n\nA finished paragraph.\n\nThe *open*"
    const before = incremental.update(first)
    const lexed = recordLexedSources()
    const after = incremental.update(`${first} paragraph grows`)
    expect(lexed).toEqual(["The *open* paragraph grows"])
    expect(after[0]).toBe(before[0])
    expect(after[2]).toBe(before[2])
    expect(incremental.finishedCount).toBe(4)
  })

  it("lexes as many characters per token for a long answer as for a short one", () => {
    const worstLexed = (paragraphs: number) => {
      const text = Array.from({ length: paragraphs }, (_, index) =>
        index % 2 === 0
          ? `Paragraph ${index} with **bold** words.\n\n`
          : `- one ${index}\n- two\n\n`,
      ).join("")
      const incremental = new IncrementalMarkdown()
      let worst = 0
      for (let end = 20; end < text.length + 20; end += 20) {
        const before = incremental.charactersLexed
        incremental.advance(text.slice(0, end))
        worst = Math.max(worst, incremental.charactersLexed - before)
      }
      return worst
    }
    const short = worstLexed(50)
    expect(short).toBeLessThan(120)
    expect(worstLexed(2_000)).toBeLessThan(120)
  })

  it("streams text with Windows line endings to the same blocks as a whole parse", () => {
    const text = "# Title\r\n\r\nOne paragraph.\r\n\r\n- a\r\n- b\r\n\r\nThe end.\r\n"
    const incremental = new IncrementalMarkdown()
    let blocks: readonly Token[] = []
    for (let end = 1; end <= text.length; end++) blocks = incremental.update(text.slice(0, end))
    expect(joined(blocks)).toEqual(joined(lexMarkdown(text)))
  })

  it("sees a change before the end of a long streaming text within a few tokens", () => {
    const paragraphs = Array.from({ length: 1_000 }, (_, index) => `Paragraph ${index} here.`)
    const incremental = new IncrementalMarkdown()
    let text = paragraphs.join("\n\n")
    for (let end = 20; end < text.length; end += 2_000) incremental.update(text.slice(0, end))
    incremental.update(text)
    text = `Changed ${text.slice("Paragraph".length)}`
    let updates = 0
    let shown = ""
    while (shown !== text && updates < 10) {
      text += " more"
      updates += 1
      shown = raws(incremental.update(text)).join("")
    }
    expect(shown).toBe(text)
    expect(updates).toBeLessThanOrEqual(Math.ceil(text.length / 16_384) + 1)
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

  it("finishes the items of a long list so a token lexes only the last item", () => {
    const items = Array.from({ length: 50 }, (_, index) => `- item ${index} with **bold** text\n`)
    const text = `Intro\n\n${items.join("")}`
    const incremental = new IncrementalMarkdown()
    for (let end = 1; end <= text.length; end += 3) incremental.update(text.slice(0, end))
    const lexed = recordLexedSources()
    const blocks = incremental.update(`${text}- item 50`)
    expect(lexed).toEqual(["- item 49 with **bold** text\n- item 50"])
    expect(joined(blocks)).toEqual(joined(lexMarkdown(`${text}- item 50`)))
  })

  it.each([
    ["ordered", (index: number) => `${index + 1}. step ${index}\n`],
    ["loose", (index: number) => `- point ${index}\n\n`],
    ["nested", (index: number) => `- item ${index}\n  - sub ${index}\n    continued\n`],
    ["tasks", (index: number) => `- [${index % 2 ? "x" : " "}] task ${index}\n`],
  ])("streams a %s list to the same blocks as a whole parse", (_kind, item) => {
    const text = `${Array.from({ length: 12 }, (_, index) => item(index)).join("")}\nAfter the list.\n\n---\n- -\n- a\n-- lazy\n`
    const incremental = new IncrementalMarkdown()
    for (let end = 1; end <= text.length; end++) {
      const prefix = text.slice(0, end)
      expect(joined(incremental.update(prefix)), `prefix of ${end}`).toEqual(
        joined(lexMarkdown(prefix)),
      )
    }
  })
})
