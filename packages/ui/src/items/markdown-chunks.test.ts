import { describe, expect, it } from "vitest"
import { IncrementalMarkdown } from "./markdown-blocks.js"
import { CHUNK_SIZE, GroupChunks, groupBlocks } from "./markdown-chunks.js"

describe("GroupChunks", () => {
  it("keeps every chunk but the last when a token is appended to a long answer", () => {
    const text = Array.from({ length: CHUNK_SIZE * 5 }, (_, index) => `Paragraph ${index}.`).join(
      "\n\n",
    )
    const markdown = new IncrementalMarkdown()
    const chunker = new GroupChunks()
    const before = chunker.update(groupBlocks(markdown.update(text)))
    const after = chunker.update(groupBlocks(markdown.update(`${text} More`)))
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
})
