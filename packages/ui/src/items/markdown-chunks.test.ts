import { describe, expect, it } from "vitest"
import { IncrementalMarkdown } from "./markdown-blocks.js"
import {
  type BlockGroup,
  CHUNK_SIZE,
  GroupChunks,
  groupBlocks,
  SECTION_SIZE,
} from "./markdown-chunks.js"

describe("GroupChunks", () => {
  it("keeps every chunk but the last when a token is appended to a long answer", () => {
    const text = Array.from({ length: CHUNK_SIZE * 5 }, (_, index) => `Paragraph ${index}.`).join(
      "\n\n",
    )
    const markdown = new IncrementalMarkdown()
    const chunker = new GroupChunks()
    const before = chunker.update(markdown.advance(text))
    const after = chunker.update(markdown.advance(`${text} More`))
    expect(after).toHaveLength(before.length)
    expect(after.length).toBeGreaterThan(5)
    for (const [index, chunk] of after.slice(0, -1).entries()) expect(chunk).toBe(before[index])
    expect(after.at(-1)).not.toBe(before.at(-1))
  })

  it("gathers the parts of a list streamed in parts into one group", () => {
    const items = Array.from({ length: 10 }, (_, index) => `- item ${index}\n`).join("")
    const markdown = new IncrementalMarkdown()
    for (let end = 1; end <= items.length; end++) markdown.update(items.slice(0, end))
    const groups = groupBlocks(markdown.update(`${items}- last`))
    expect(groups).toHaveLength(1)
    expect(groups[0]?.tokens.length).toBeGreaterThan(1)
  })

  it("groups each finished block once and compares one chunk per token, however long the answer", () => {
    // An ordinary answer streamed in 20-character tokens: the groups visited by one token must
    // not grow with the blocks before it (before, every block was grouped and compared per frame).
    const worstVisits = (paragraphs: number) => {
      const text = Array.from({ length: paragraphs }, (_, index) =>
        index % 3 === 2 ? `- item ${index}\n- next\n\n` : `Paragraph ${index} has words.\n\n`,
      ).join("")
      const markdown = new IncrementalMarkdown()
      const chunker = new GroupChunks()
      let worst = 0
      for (let end = 20; end < text.length + 20; end += 20) {
        const before = chunker.groupsVisited
        chunker.update(markdown.advance(text.slice(0, end), { final: end >= text.length }))
        worst = Math.max(worst, chunker.groupsVisited - before)
      }
      return worst
    }
    const short = worstVisits(CHUNK_SIZE * 4)
    const long = worstVisits(CHUNK_SIZE * 40)
    expect(long).toBeLessThanOrEqual(CHUNK_SIZE * 3)
    expect(long).toBe(short)
  })

  it("renders the same chunks streamed as whole", () => {
    const items = Array.from({ length: CHUNK_SIZE * 3 }, (_, index) => `- item ${index}\n`).join("")
    const text = `# Title\n\n${items}\nAfter the list.\n`
    const markdown = new IncrementalMarkdown()
    const chunker = new GroupChunks()
    let chunks: readonly BlockGroup[][] = []
    for (let end = 1; end <= text.length; end++)
      chunks = chunker.update(markdown.advance(text.slice(0, end)))
    const raw = (groups: readonly BlockGroup[][]) =>
      groups.flat().map((group) => group.tokens.map((token) => token.raw).join(""))
    const whole = groupBlocks(new IncrementalMarkdown().update(text))
    expect(raw(chunks)).toEqual(
      whole.map((group) => group.tokens.map((token) => token.raw).join("")),
    )
  })

  it("keeps every full section of chunks as the same array when a token is appended", () => {
    const text = Array.from({ length: CHUNK_SIZE * SECTION_SIZE + 10 }, (_, index) => `P ${index}.`)
    const markdown = new IncrementalMarkdown()
    const chunker = new GroupChunks()
    // Final, so the long text is lexed rather than shown as one plain block while it is open.
    chunker.update(markdown.advance(text.join("\n\n"), { final: true }))
    const before = chunker.sections
    chunker.update(markdown.advance(`${text.join("\n\n")} More`))
    const after = chunker.sections
    expect(after).toHaveLength(before.length)
    expect(after.length).toBeGreaterThan(1)
    for (const [index, section] of after.slice(0, -1).entries()) {
      expect(section).toBe(before[index])
      expect(section).toHaveLength(SECTION_SIZE)
    }
    expect(after.at(-1)).not.toBe(before.at(-1))
    expect(after.flat()).toEqual(chunker.update(markdown.advance(`${text.join("\n\n")} More`)))
  })
})
